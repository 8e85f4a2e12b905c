// Public API of @vigil/otel. Every export is named here.
export {};
