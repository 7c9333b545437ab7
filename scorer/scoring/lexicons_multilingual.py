"""The word lists of scorer/scoring/features.py in German, French, Spanish, Italian, Portuguese,
Polish and Dutch: the same groups, as each language's press writes them (one entry per "|").

Merged into the English lists: a text in one language matches its own words (the languages share
few of these forms, and none that are common English words). Words that are common English forms
("die", "also", "hat", "pour") are left out.
"""
from __future__ import annotations

HEDGES = """
vielleicht | möglicherweise | wahrscheinlich | offenbar | angeblich | vermutlich | scheint | schien | könnte | könnten |
dürfte | unklar | unbestätigt | etwa | rund | fast | nahezu |
peut-être | probablement | apparemment | semble | semblait | pourrait | pourraient | serait | seraient | environ |
presque | incertain | non confirmé |
quizá | quizás | posiblemente | probablemente | aparentemente | parece | parecía | podría | podrían | supuestamente |
unos | casi | alrededor de | incierto |
forse | probabilmente | apparentemente | sembra | sembrava | potrebbe | potrebbero | presumibilmente | circa |
quasi | incerto |
talvez | possivelmente | provavelmente | aparentemente | parece | poderá | poderia | alegadamente | cerca de | quase |
może | prawdopodobnie | najprawdopodobniej | podobno | rzekomo | wydaje się | mógłby | mogłaby | około | niemal | prawie |
misschien | mogelijk | waarschijnlijk | blijkbaar | vermoedelijk | lijkt | leek | zou kunnen | ongeveer | bijna
"""
BOOSTERS = """
eindeutig | offensichtlich | zweifellos | absolut | immer | niemals | jeder weiß | völlig | total | komplett | beweis |
évidemment | clairement | absolument | toujours | jamais | tout le monde sait | totalement | complètement | preuve |
obviamente | claramente | absolutamente | siempre | nunca | todo el mundo sabe | totalmente | completamente | prueba |
ovviamente | chiaramente | assolutamente | sempre | mai | tutti sanno | totalmente | completamente | prova |
obviamente | claramente | sempre | nunca | toda a gente sabe | totalmente | completamente | prova |
oczywiście | zdecydowanie | absolutnie | zawsze | nigdy | wszyscy wiedzą | całkowicie | totalna | totalny | dowód |
natuurlijk | duidelijk | absoluut | altijd | nooit | iedereen weet | helemaal | totaal | volledig | bewijs
"""
SENSATIONAL = """
skandal | schock | schockierend | unglaublich | katastrophe | schande | wahnsinn | sensationell | dramatisch | eilmeldung |
scandale | choc | choquant | incroyable | catastrophe | honte | scandaleux | hallucinant | terrible | urgent |
escándalo | impactante | increíble | catástrofe | desastre | vergüenza | escandaloso | brutal | urgente |
scandalo | scioccante | incredibile | catastrofe | disastro | vergogna | scandaloso | pazzesco | urgente |
escândalo | chocante | inacreditável | catástrofe | desastre | vergonha | escandaloso | urgente |
skandal | szok | szokujące | niewiarygodne | niewiarygodny | katastrofa | hańba | skandaliczne | pilne |
schandaal | schokkend | ongelooflijk | ramp | schande | schandalig | waanzin | dringend
"""
EMOTIONAL = """
hass | angst | wut | böse | korrupt | korrupten | lüge | lügen | lügner | verräter | verrat | betrug | chaos | panik |
haine | peur | colère | corrompu | corrompues | corrompus | mensonge | menteur | traître | trahison | arnaque | chaos |
odio | miedo | ira | corrupto | corruptas | corruptos | mentira | mentiroso | traidor | traición | estafa | caos |
odio | paura | rabbia | corrotto | corrotte | corrotti | bugia | bugiardo | traditore | tradimento | truffa | caos |
ódio | medo | raiva | corrupto | corruptas | corruptos | mentira | mentiroso | traidor | traição | burla | caos |
nienawiść | strach | gniew | skorumpowany | skorumpowanych | kłamstwo | kłamca | zdrajca | zdrada | oszustwo | chaos |
haat | angst | woede | corrupt | corrupte | leugen | leugenaar | verrader | verraad | oplichterij | chaos | paniek
"""
PARTISAN = """
lügenpresse | systemmedien | altparteien | eliten | gutmenschen | propaganda | regime |
élites | bien-pensants | merdias | propagande | régime |
élites | casta | propaganda | régimen | progres |
élite | casta | buonisti | propaganda | regime |
elites | propaganda | regime |
elity | lewactwo | propaganda | reżim |
elite | linkse kerk | propaganda | regime
"""
CALLS = """
teilt das | teilen sie | schreibt uns | schreiben sie uns | in die kommentare | wacht auf |
partagez | dites-nous | dans les commentaires | réveillez-vous |
comparte | compartid | dinos | en los comentarios | despierta |
condividete | condividi | diteci | nei commenti | svegliatevi |
partilhem | partilhe | digam-nos | nos comentários | acordem |
udostępnijcie | udostępnij | napiszcie | w komentarzach | obudźcie się |
deel dit | laat weten wat | in de reacties | word wakker
"""
OPINION = """
ich finde | ich glaube | meiner meinung nach | je pense | à mon avis | franchement | creo que | en mi opinión |
francamente | penso che | secondo me | francamente | acho que | na minha opinião | uważam | moim zdaniem |
szczerze mówiąc | ik vind | volgens mij | eerlijk gezegd
"""
REPORTING = """
sagte | sagten | erklärte | betonte | teilte mit | laut | zufolge | bestätigte | berichtete | sprecher | sprecherin |
mitteilung | erklärung | interview |
a déclaré | a dit | a affirmé | a annoncé | a précisé | a indiqué | selon | porte-parole | communiqué | entretien |
dijo | afirmó | anunció | explicó | señaló | aseguró | declaró | según | portavoz | comunicado | entrevista |
ha detto | ha dichiarato | ha annunciato | ha spiegato | ha precisato | ha aggiunto | secondo | portavoce | nota |
intervista |
disse | afirmou | anunciou | explicou | acrescentou | esclareceu | segundo | porta-voz | comunicado | entrevista |
powiedział | powiedziała | poinformował | poinformowała | przekazał | przekazała | dodał | dodała | według | rzecznik |
rzeczniczka | komunikat | wywiad | oświadczenie |
zei | zegt | verklaarde | stelde | liet weten | volgens | aldus | woordvoerder | woordvoerster | verklaring | interview
"""
ROLES = """
minister | ministerin | sprecher | sprecherin | professor | professorin | präsident | präsidentin | direktor |
bürgermeister | abgeordnete | richter | anwalt | experte | expertin | gesundheitsministerin | oppositionsführerin |
ministre | porte-parole | professeur | président | présidente | directeur | directrice | maire | député | juge | avocat |
expert | cheffe |
ministra | ministro | portavoz | catedrático | catedrática | presidente | presidenta | director | directora | alcalde |
diputado | juez | abogado | experto | líder |
ministra | portavoce | professore | professor | presidente | direttore | sindaco | deputato | giudice | avvocato |
esperto | leader |
ministra | porta-voz | professor | presidente | diretor | presidente da câmara | deputado | juiz | advogado | líder |
minister | rzecznik | rzeczniczka | prof | profesor | prezydent | dyrektor | burmistrz | poseł | sędzia | adwokat |
ekspert | liderka | lider |
minister | woordvoerder | woordvoerster | hoogleraar | voorzitter | directeur | burgemeester | kamerlid | rechter |
advocaat | deskundige | oppositieleider
"""
INSTITUTIONS = """
ministerium | ministeriums | behörde | ausschuss | kommission | gericht | universität | institut | bundesrechnungshof |
bericht | studie | umfrage | daten | protokoll | dokument | statistik |
ministère | agence | commission | tribunal | cour des comptes | université | institut | rapport | étude | sondage |
données | compte rendu | document |
ministerio | agencia | comisión | tribunal | universidad | instituto | informe | estudio | encuesta | datos | acta |
documento |
ministero | agenzia | commissione | tribunale | corte dei conti | università | istituto | rapporto | studio |
sondaggio | dati | verbale | documento |
ministério | agência | comissão | tribunal | universidade | instituto | relatório | estudo | sondagem | dados | ata |
documento |
ministerstwo | ministerstwa | agencja | komisja | sąd | uniwersytet | uniwersytetu | instytut | raport | raportu |
badanie | sondaż | dane | protokół | protokołu | izby kontroli |
ministerie | agentschap | commissie | rechtbank | rekenkamer | universiteit | instituut | rapport | onderzoek |
peiling | gegevens | notulen | document
"""
ANONYMOUS = """
aus regierungskreisen | informanten | ungenannt | anonym | source proche | sous couvert d'anonymat | anonyme |
fuentes | fuente cercana | bajo condición de anonimato | anónimo | fonti | fonte vicina | anonimato | anonimo |
fontes | fonte próxima | sob anonimato | anónimo | anonimowo | źródło zbliżone | nieoficjalnie | anonieme bron |
ingewijden | anoniem
"""
VAGUE = """
viele sagen | manche glauben | manche sagen | es heißt | man sagt | gerüchte | beaucoup de gens disent | certains pensent |
on dit | il paraît | rumeurs | mucha gente dice | algunos creen | se dice | rumores | molti dicono | qualcuno crede |
si dice | voci | muita gente diz | há quem acredite | diz-se | boatos | wielu ludzi mówi | niektórzy uważają |
mówi się | plotki | veel mensen zeggen | sommigen geloven | men zegt | geruchten
"""
TIME_PEGS = """
montag | dienstag | mittwoch | donnerstag | freitag | samstag | sonntag | gestern | heute | am montag | am dienstag |
am mittwoch | im januar | im februar | im märz | im april | im mai | im juni | im juli | im august | im september |
im oktober | im november | im dezember | vergangene woche |
lundi | mardi | mercredi | jeudi | vendredi | samedi | dimanche | hier | aujourd'hui | en janvier | en février |
en mars | en avril | en mai | en juin | en juillet | en août | en septembre | en octobre | en novembre | en décembre |
la semaine dernière |
lunes | martes | miércoles | jueves | viernes | sábado | domingo | ayer | hoy | en enero | en febrero | en marzo |
en abril | en mayo | en junio | en julio | en agosto | en septiembre | en octubre | en noviembre | en diciembre |
la semana pasada |
lunedì | martedì | mercoledì | giovedì | venerdì | sabato | domenica | ieri | oggi | a gennaio | a febbraio | a marzo |
ad aprile | a maggio | a giugno | a luglio | ad agosto | a settembre | a ottobre | a novembre | a dicembre |
la settimana scorsa |
segunda-feira | terça-feira | quarta-feira | quinta-feira | sexta-feira | sábado | domingo | ontem | hoje |
em janeiro | em fevereiro | em março | em abril | em maio | em junho | em julho | em agosto | em setembro |
em outubro | em novembro | em dezembro | na semana passada |
poniedziałek | wtorek | we wtorek | środa | w środę | czwartek | piątek | sobota | niedziela | wczoraj | dzisiaj |
w styczniu | w lutym | w marcu | w kwietniu | w maju | w czerwcu | w lipcu | w sierpniu | we wrześniu |
w październiku | w listopadzie | w grudniu | w zeszłym tygodniu |
maandag | dinsdag | woensdag | donderdag | vrijdag | zaterdag | zondag | gisteren | vandaag | in januari |
in februari | in maart | in april | in mei | in juni | in juli | in augustus | in september | in oktober |
in november | in december | vorige week
"""
