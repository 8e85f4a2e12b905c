/**
 * Given names of many origins (English, Spanish, Portuguese, French, German,
 * Nordic, Slavic, Greek, Italian, Irish, Arabic, Persian, Turkish, Hebrew,
 * Indian, Chinese, Japanese, Korean, Vietnamese, Filipino, Nigerian, Ghanaian,
 * Ethiopian, Somali), lower case. A list word followed by a capitalised word
 * is taken for a person's name. Short on purpose: it is a signal, not a census.
 */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  `james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony
donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary
nicholas eric jonathan stephen larry justin scott brandon benjamin samuel frank gregory raymond alexander patrick
jack dennis jerry tyler aaron henry adam douglas nathan peter zachary kyle walter harold jeremy ethan carl keith
roger gerald christian terry sean arthur austin noah lawrence jesse joe bryan billy jordan albert dylan bruce
willie gabriel alan juan logan wayne ralph roy eugene randy vincent russell louis philip bobby johnny bradley
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra ashley
kimberly emily donna michelle dorothy carol amanda melissa deborah stephanie rebecca sharon laura cynthia kathleen
amy shirley angela helen anna brenda pamela nicole emma samantha katherine christine debra rachel catherine
carolyn janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn
judith megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice
madison doris abigail julia judy sophia denise amber marilyn beverly danielle theresa diana natalie brittany
charlotte marie kayla alexis lori johanna siobhan
jose luis carlos jorge miguel alejandro javier francisco manuel pedro antonio rafael fernando ricardo eduardo
diego sergio andres pablo raul ramon alberto enrique hector mateo santiago sofia valentina camila lucia
isabela gabriela daniela mariana ximena guadalupe carmen rosa pilar dolores consuelo beatriz ines joao
tiago goncalo rodrigo afonso leonor matilde beatriz francisca
jean pierre jacques michel philippe alain nicolas francois sebastien thierry mathieu olivier camille chloe
manon amelie juliette margaux aurelie celine sylvie nathalie isabelle
hans jurgen klaus wolfgang dieter uwe stefan lukas felix jonas maximilian leon finn greta ursula ingrid
heike petra sabine katrin anke birgit lena mia
lars anders erik nils sven bjorn magnus henrik olaf astrid sigrid freya ingrid solveig karin annika
ivan dmitri sergei alexei mikhail nikolai vladimir andrei yuri oleg pavel piotr tomasz krzysztof marek
jakub wojciech natasha olga tatiana svetlana irina ekaterina anastasia agnieszka katarzyna malgorzata
dimitris giorgos konstantinos eleni katerina despina
giuseppe giovanni marco luca francesco alessandro lorenzo matteo andrea giulia chiara francesca alessia
sean liam ciaran eoin niamh aoife saoirse caoimhe padraig oisin
mohammed muhammad ahmed ali omar hassan hussein mahmoud khaled youssef ibrahim mustafa abdullah karim tariq
fatima aisha khadija mariam zainab layla noor huda samira yasmin amira leila salma
reza hossein mehdi amir dariush parisa shirin nasrin azadeh farah
mehmet mustafa emre burak elif zeynep ayse fatma emine
moshe yosef avraham yitzhak david eitan noa tamar shira yael rivka
rahul amit rajesh sanjay vijay arjun rohan vikram suresh ramesh anil sunil deepak priya ananya pooja
kavya divya lakshmi sunita anjali neha aarav vihaan aditya krishna
wei jing li ming hui yan xin jie lei fang hong yu ling mei xiaoming jun hao
hiroshi takashi kenji yuki haruto sota yuto akira kenta yui hina sakura aoi yuna keiko naoko
minjun seojun jiho jiwoo seoyeon jiyeon minji eunji hyun jisoo
minh anh linh huong thanh tuan hung phuong trang nguyet
jose maria cristina rowena maricel jericho
chinedu chukwuemeka emeka ngozi chiamaka adaeze oluwaseun olumide tunde babajide folake funmilayo
kwame kofi kwabena ama akosua abena yaw
abebe tesfaye mulugeta selam hirut meron
abdi abdirahman hodan faduma`
    .split(/\s+/)
    .filter((n) => n !== ''),
);
