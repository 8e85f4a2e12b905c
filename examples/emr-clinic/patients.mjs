// Generated, obviously fake patients for the demo's batch import and load.
const FIRST = ['Ana', 'Ben', 'Chloe', 'Dara', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivo', 'Jon', 'Kira', 'Luis'];
const LAST = ['Silva', 'Okafor', 'Nguyen', 'Schmidt', 'Haddad', 'Kowalski', 'Tanaka', 'Moreau', 'Singh', 'Berg'];

export function generatePatients(n, offset = 0) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const k = offset + i;
    out.push({
      name: `${FIRST[k % FIRST.length]} ${LAST[(k * 7) % LAST.length]}`,
      dob: `19${50 + (k % 50)}-0${1 + (k % 9)}-1${k % 10}`,
      mrn: `MRN${String(100000 + k).padStart(6, '0')}-${Date.now() % 100000}`,
      phone: `555-01${String(k % 100).padStart(2, '0')}`,
    });
  }
  return out;
}
