"""The planner's vocabulary in English, German, French, Spanish and Italian.

Pure data. Words are matched after lower-casing and removing accents, and through Snowball stems
in all five languages, so inflections and plurals need not be listed; forms a stemmer does not
reduce (windig, lluvioso) are. An entry written with a leading "=" matches only exactly (its stem
is shared with unrelated words: "leaves" and "leave"). Entries with spaces are phrases.
"""

from __future__ import annotations

EFFECT_WORDS: dict[str, str] = {
    "wind": """
        wind windy breeze breezy gust gusts gusty gale blustery sway swaying blow blowing windstorm
        flutter fluttering flattern flattert sventola sventolare sventolano ondear ondea
        flotter flotte flottent rascheln raschelt bruisser bruissent
        storm stormy ruffle ruffles ruffling ruffled
        mistral tramontane tramontana maestrale scirocco sirocco siroco libeccio cierzo
        zonda chinook foehn fohn bora svolazza svolazzi svolazzare svolazzano
        | in the leaves | through the leaves | in the foliage | through the foliage
        | rustling leaves | leaves rustling | leaves rustle | swaying leaves | leaves sway
        | leaves swaying | leaves in the wind | in den blattern | in den blaettern | im laub
        | durch die blatter | durch die blaetter | dans les feuilles | dans le feuillage
        | entre las hojas | en las hojas | entre el follaje | tra le foglie | nelle foglie
        | tra il fogliame
        windig brise boe boeen sturm sturmisch stuermisch wehen weht wehende luftig luftzug
        windhauch luftchen zerzausen zerzaust tousle tousled ebouriffer ebouriffe despeinar
        despeina scompigliare scompiglia spiffero | courant d air | corriente de aire
        vent venteux venteuse bourrasque rafale souffle souffler tempete
        viento ventoso brisa rafaga ventarron soplar sopla vendaval
        vento ventoso brezza raffica soffia soffiare bufera
    """,
    "clouds": """
        cloud clouds cloudy overcast sky skies
        wolke wolken wolkig bewolkt bewoelkt himmel
        nuage nuages nuageux ciel
        nube nubes nublado nuboso cielo
        nuvola nuvole nuvoloso cielo
    """,
    "water": """
        water waves wave ripple ripples rippling sea ocean lake river surf tide
        stream streams creek brook waterfall waterfalls cascade cascades flow flowing pond ponds
        teich weiher tumpel etang estanque charca stagno laghetto woge wogen wogt
        wasser welle wellen meer ozean fluss brandung bach wasserfall stromung stroemung
        eau vague vagues ondulation mer ocean lac riviere fleuve ruisseau torrent couler
        agua ola olas oleaje mar oceano lago rio arroyo cascada corriente fluir
        acqua onda onde mare oceano lago fiume ruscello cascata torrente scorrere
    """,
    "rain": """
        rain rainy raining rains drizzle downpour rainfall showers raindrops pouring
        regen regnen regnet regnerisch nieselregen platzregen regentropfen schutten schuttet
        pluie pluvieux pleuvoir pleut bruine averse averses
        lluvia lluvioso llover llueve llueva llovizna aguacero chubasco garua orballo
        sirimiri chirimiri calabobos crachin schnurlregen pioggerella piovischio acquerugiola
        pioggia piovoso piovere piove piovano piova piovesse pioviggine acquazzone
        storm stormy sturm tempete tormenta tormentas temporale bufera
        thunderstorm thunderstorms gewitter orage orages
        | chuck it down | chucking it down | chucks it down | bucketing down | pissing down
        | la del pulpo | a cantaros | a catinelle | la de dios | il drache | ca drache
        drache
    """,
    "snow": """
        snow snowy snowing snowfall snowflakes blizzard
        schnee schneien schneit verschneit schneeflocken schneesturm
        neige neiger neigeux flocons
        nieve nevar nieva nevada copos ventisca poudrerie
        neve nevicare nevica nevicata fiocchi innevata innevato innevati innevate
        | bufera di neve | tempete de neige | tormenta de nieve | tempesta di neve | snow storm
        | snowstorm
        | frau holle
    """,
    "fog": """
        fog foggy mist misty haze hazy
        nebel neblig nebelig dunst dunstig
        brouillard brume brumeux
        niebla neblina bruma brumoso
        nebbia nebbioso foschia bruma
        | non si vede a un palmo | non si vede a un palmo dal naso | a un palmo dal naso
        | pea souper | pea soup | puree de pois | in einer waschkuche | wie in der waschkuche
    """,
    "lightning": """
        lightning thunder thunderstorm thunderstorms thunderbolt
        blitz blitze blitzen gewitter donner
        eclair eclairs foudre orage orages tonnerre
        relampago relampagos rayo rayos tormenta tormentas trueno
        fulmine fulmini lampo lampi temporale tuono
    """,
    "sunset": """
        sunset sundown dusk sunrise dawn | golden hour
        sonnenuntergang abendrot sonnenaufgang daemmerung dammerung abenddammerung | goldene stunde
        crepuscule aurore | coucher de soleil | lever de soleil | heure doree
        atardecer ocaso amanecer anochecer | puesta de sol | hora dorada
        tramonto alba crepuscolo | ora dorata | magic hour | hora magica | heure magique
        | ora magica
    """,
    "night": """
        night nighttime midnight starry stars moonlight moon
        buio | dans le noir | im dunkeln | a oscuras | al buio
        nacht nachts nachtlich naechtlich sternenhimmel sterne mitternacht mond mondlicht
        nuit nocturne etoiles minuit lune | clair de lune
        noche nocturno nocturna estrellas medianoche | luz de luna
        notte notturno notturna stelle mezzanotte | chiaro di luna
        zappenduster stockdunkel stockfinster | boca de lobo | pitch black | pitch dark
        | noir complet | nuit noire | buio pesto
    """,
    "sparkle": """
        sparkle sparkles sparkling glitter glittering magic magical bokeh twinkle twinkling fairy
        glitzer glitzern glitzernd funkeln funkelnd funkelt magie magisch zauber twinkly
        glitzert glanz glanzen glanzt
        paillettes scintiller scintillant scintillent etincelles magie magique feerique
        brillos brillantina destellos purpurina chispas magia magico brillando brillen
        brillantini scintillare scintillio glitter magia magico luccicare luccica luccicano
        luccichio
        stars starry sterne sternenhimmel etoiles etoile etoilee estrellas estrellado estrellada
        stelle stellata stellato
        fireworks feuerwerk | feux d'artifice | fuegos artificiales | fuochi d'artificio
    """,
    "fire": """
        fire flame flames candle candles candlelight embers campfire fireplace flicker flickering
        feuer flamme flammen kerze kerzen kerzenlicht glut lagerfeuer kamin flackern
        feu flamme flammes bougie bougies braises cheminee
        fuego llama llamas vela velas brasas hoguera chimenea fogata fogatas fogon
        fuoco fiamma fiamme candela candele brace falo camino
    """,
    "steam": """
        steam steaming steamy smoke smoking smoky vapour vapor
        dampf dampfen dampfend dampft rauch rauchen qualm schwaden
        vapeur fumee fumant fumante
        vapor humo humeante
        vapore fumo fumante bollente brulant brulante kochend
        | piping hot | fresh from the oven | fresh out of the oven | frisch gebruht
        | frisch aus dem ofen | sortant du four | recien hecho | recien salido del horno
        | appena sfornato | appena fatto
    """,
    "petals": """
        petals petal blossom blossoms =leaves =leaf foliage confetti konfetti confeti coriandoli
        papelillos papelitos serpentinas | petits papiers
        bluetenblaetter blutenblatter blaetter blatter blueten bluten laub
        petales petale feuilles feuillage
        petalos petalo hojas
        petali petalo foglie fogliame
    """,
    "smile": """
        smile smiling smiles grin grinning laugh laughing laughs laughter
        lacheln laecheln lachelnd grinsen lachen lacht lachend schmunzeln schmunzelt
        sourire souriant souriante sourit sourient rire rit rient riait rigole rigoler rigolent
        marrer
        marrent
        sonreir sonrisa sonriente sonria reir ria rie rien riendo riendose risa carcajada
        sorridere sorriso sorridente sorrida ridere rida rido ridi ridono ridendo risata ridiamo
        ridete
        | crack up | cracks up | cracking up | burst out laughing
    """,
    "blink": """
        blink blinking blinks wink winking
        blinzeln blinzelt zwinkern
        cligner clignement | cligne des yeux
        parpadear parpadeo parpadea guinar
        ammiccare | sbattere le palpebre | battito di ciglia | sbatte gli occhi
        | sbattere gli occhi | sbatti gli occhi | sbatta gli occhi
    """,
    "zoom_in": """
        zoom zooming zoomt zoome zoomen closer dolly | zoom in | push in | close up
        heranzoomen hineinzoomen ranzoomen naher naeher ranfahren heranfahren
        rapprocher | zoom avant
        acercar acercamiento acerque acercate
        avvicinare | zoom in avanti
        | zoom rein | zoom ran | rein zoomen | ran an
    """,
    "zoom_out": """
        | zoom out | pull back | pull out | zoom away | dolly out | dolly back
        herauszoomen rauszoomen wegzoomen
        eloigner reculer recule recul dezoome dezoomer dezoom entfernen entfernt alejate alejarse
        | zoom arriere | zoom out
        alejar alejamiento
        allontanare | zoom indietro | tira indietro | tirare indietro
        | zoom raus | zoom heraus | raus zoomen
    """,
    "pan": """
        pan panning tilt tilting travelling | camera pan | tilt up | tilt down
        | camera goes up | camera goes down | camera moves up | camera moves down | camera rises
        | kamera fahrt hoch | kamera fahrt nach oben | kamera fahrt nach unten | camera monte
        | camera descend | camara sube | camara baja | telecamera sale | telecamera scende
        | la camera sale | la camera scende | scorri lungo | scorrere lungo
        | tracking shot | from bottom to top | from top to bottom | von unten nach oben
        | von oben nach unten | de bas en haut | de haut en bas | de abajo arriba
        | de abajo hacia arriba | de arriba abajo | dal basso verso l alto | dal basso in alto
        | dall alto verso il basso | dall alto in basso
        | left to right | right to left | von links nach rechts | von rechts nach links
        | de gauche a droite | de droite a gauche | de izquierda a derecha
        | de derecha a izquierda | da sinistra a destra | da destra a sinistra
        | side to side | sideways | seitwarts | seitwaerts | lateralement | lateralmente
        schwenk schwenken schwenkt kameraschwenk
        panoramique
        paneo panoramica
        panoramica
    """,
    "parallax": """
        parallax 3d depth dimensional
        parallaxe tiefe raeumlich
        parallaxe profondeur relief
        paralaje profundidad
        parallasse profondita
        | 3 d | three d | effet trois d | effet trois de | drei d effekt | efecto tres d
        | effetto tre d
    """,
    "cartoon": """
        cartoon cartoonish comic toon
        comic zeichentrick trickfilm
        anime manga herge | ligne claire | en anime | style anime | stile anime | estilo anime
        | version anime
        | en manga | style manga | stile manga | estilo manga | manga zeichnung
        bd | dessin anime | bande dessinee
        caricatura | dibujo animado | dibujos animados
        fumetto | cartone animato | cartoni animati
    """,
    "sketch": """
        sketch sketched pencil drawing drawn
        skizze zeichnung bleistift gezeichnet
        croquis esquisse crayon dessin
        boceto dibujo lapiz esbozo
        schizzo disegno matita
    """,
    "watercolor": """
        watercolor watercolour watercolors aquarelle
        aquarell wasserfarben
        aquarelle
        acuarela acuarelas
        acquerello acquerelli
    """,
    "oil_paint": """
        impasto oils | oil painting | oil paint | oil painted | van gogh | thick oils | in oils
        olgemalde oelgemaelde olbild oelbild olmalerei oelmalerei
        huile | peinture a l'huile
        oleo | pintura al oleo
        olio | pittura a olio | dipinto a olio
    """,
    "vintage": """
        vintage retro sepia nostalgic faded chaplin stummfilm | silent film | silent movie
        | film muet | cine mudo | peli muda | pelicula muda | film muto | old film | old photo
        | 70s | 80s | 90s | the 70s
        | the 80s | 70er jahre | 80er jahre | annees 70 | annees 80 | anos 70 | anos 80
        | anni 70 | anni 80 | anni 90 | 50s | 60s | the 50s | the 60s | 50er jahre | 60er jahre
        | annees 50 | annees 60 | anos 50 | anos 60 | anni 50 | anni 60 | 1950s | 1960s | 1970s
        nostalgisch altmodisch | alter film
        retro ancien nostalgique | vieux film | vieille photo
        antiguo nostalgico | pelicula antigua
        antico nostalgico | vecchia foto | vecchio film
    """,
    "black_white": """
        monochrome grayscale greyscale | black and white | b w
        schwarzweiss | schwarz weiss | schwarz und weiss
        | noir et blanc | noir blanc
        monocromo | blanco y negro
        monocromatico | bianco e nero
    """,
}

# Prompts with no effect word that still ask for life: the plan is chosen from the scene.
VAGUE_WORDS = """
    alive live life lively animate animated animation move moving motion vivid
    lebendig leben beleben animieren animiert bewegen bewegung bewegt
    vivant vivante vie animer animee bouger bouge bougent bougez mouvement
    vida vivo viva animar anima animada mover movimiento
    vita vivo viva animare anima animata muovere movimento
"""

# A negation cue keeps the effects after it, up to the end of the clause, out of the plan.
# Not "except" (sauf, außer, tranne): "dark except the moon" keeps the moon. "Never" words
# (NEVER) rule an effect out only where nothing else asks for it: "make grandma smile, she
# never smiles in photos" is a smile.
NEVER = "never nie niemals jamais nunca mai"
NEGATIONS = """
    no not without never none nor nope dont doesnt didnt cant wont isnt nothing skip
    nix ka ned hate hates hasse hass deteste detesto odio odia
    kein keine keinen keinem keiner keines nicht ohne nie nein
    pas sans aucun aucune ni jamais non
    sin ni nada nunca
    senza niente nessun nessuna nessuno mai non
    | ni de broma | ni hablar | de ninguna manera | no way | no thanks | auf keinen fall
    | bloss nicht | pas question | surtout pas | manco per sogno | per carita | neanche per sogno
    | anything but | anything except | everything but | everything except | alles ausser
    | alles nur nicht | alles bis auf | tout sauf | n importe quoi sauf | todo menos
    | cualquier cosa menos | lo que sea menos | tutto tranne | tutto fuorche | qualsiasi cosa tranne
"""
# Words that say the opposite of an effect: they rule it out, as "without" does ("in colour",
# "les vraies couleurs", "a colori").
OPPOSITES = {
    "black_white": """
        | in colour | in color | in full colour | in full color | a color | a colores
        | en couleur | en couleurs | in farbe | in farben | a colori | true colours | true colors
        | real colours | real colors | vraies couleurs | colores reales | colori veri
        | echte farben | natural colours | natural colors
    """,
}
# Words that are an effect word in one language and an everyday word in another, with the
# languages where they are the everyday word: read as nothing when the prompt is in one of them
# (French "donner" is to give, German "Donner" thunder; Spanish "pan" is bread).
FALSE_FRIENDS = {
    "donner": "fr",
    "rien": "fr",
    "camino": "es",
    "stelle": "de",
    "brillen": "de",
    "mare": "en",
    "travelling": "en",
    "pan": "es",
    "relief": "en",
    "brace": "en",
    "glut": "en",
    "anime": "fr es it",  # French and Spanish 'animates', Italian 'souls'
    "manga": "es",  # a sleeve
}
# A colour description, not a style, when one of these things follows ("a black and white cat").
THINGS = """
    cat cats dog dogs puppy kitten cow cows horse zebra panda penguin magpie bird shirt dress
    suit tuxedo jersey scarf hat shoes sneakers tiles floor stripes kit uniform car
    katze kater hund hunde kuh pferd zebra pinguin elster vogel hemd kleid anzug trikot schal
    hut schuhe fliesen boden streifen auto
    chat chats chien chiens vache cheval zebre pingouin pie oiseau chemise robe costume maillot
    echarpe chapeau chaussures carrelage sol rayures voiture
    gato gatos perro perros vaca caballo cebra pinguino urraca pajaro camisa vestido traje
    camiseta bufanda sombrero zapatos baldosas suelo rayas coche
    gatto gatti cane cani mucca cavallo zebra pinguino gazza uccello camicia vestito abito
    maglia sciarpa cappello scarpe piastrelle pavimento strisce macchina
"""

# Words that end a negation's clause: "no rain but wind", "ohne Regen, mit Wind".
CLAUSE_BREAKS = """
    but with yet however instead rather
    aber mit sondern jedoch dafur dafuer stattdessen
    mais avec plutot
    pero con sino
    ma con invece
"""
# "Just wind", "nur Wind": nothing else is added to the plan.
EXCLUSIVE = """
    just only solely | nothing else | nothing more
    nur bloss lediglich allein | sonst nichts | nichts anderes | nichts weiter | mehr nicht
    | sonst nix | nix mehr | pas plus | niente di piu | mehr ned | mehr net | sonst nix
    | susch nut | susch nuet | sunst nix | sonst nuscht | mehr nich
    seulement uniquement juste | rien d'autre | rien d autre | rien de plus
    solo solamente unicamente | nada mas | nada mas que
    soltanto solamente unicamente | nient'altro | nient altro | niente altro | nient altro che
"""

# Words that ask to hear something: the effect words and unknown words near them choose sound
# layers, not effects ("with the sound of the sea", "Meeresrauschen", "bruit de la pluie").
SOUND_CUES = """
    sound sounds noise noises hear audio soundtrack soundscape
    gerausch gerausche gerauschen rauschen klang klange horen hort tonspur
    bruit bruits sons entendre entend bruitage | bande son | fond sonore | son du | son de
    | son des | le son | un son
    sonido sonidos ruido ruidos ruidito ruiditos oir escuchar escuche | banda sonora
    suono suoni rumore rumori ascoltare sentire sento senti sentiamo sentirla sentirlo sentirli
    | sottofondo | si sente | si sentono | in lontananza
    suonando | you can hear | can be heard | on entend | s entend
    | se oye | se oyen | se oiga | se oigan | se escuche | se escuchen | sonando
    | man hort | zu horen | klingend | horn
"""
# Far away: what is far off is heard if it is a sound (thunder, unknown words: "church bells
# in the distance"), and seen if it is a sight ("des éclairs au loin" is lightning).
DISTANT = """
    | in the distance | far off | far away | way off | au loin | de loin | a lo lejos
    | en la distancia | in lontananza | da lontano | in der ferne | von weitem | von fern
"""
# Nouns of things vivify can only let you hear: each names its sound layer, and only that
# ("crickets chirping" is crickets, not the birds that chirping alone would be).
SOUND_SOURCES = {
    "crickets": """
        cricket crickets cicada cicadas grillen zikade zikaden grillon grillons cigale
        cigales grillo grillos cigarra cigarras chicharra chicharras grilli cicala cicale
    """,
    "birds": """
        bird birds birdsong songbirds seagull seagulls gull gulls parrot parrots
        vogel vogel voegel vogelgezwitscher vogelgesang mowe mowen moewe moewen papagei papageien
        oiseau oiseaux mouette mouettes goeland goelands perroquet perroquets piaf piafs
        pajaro pajaros pajarito pajaritos ave aves gaviota gaviotas loro loros perico pericos
        uccello uccelli uccellini gabbiano gabbiani pappagallo pappagalli
        loon loons owl owls cuckoo rooster roosters duck ducks geese eule eulen kuckuck hahn
        enten ganse hibou hiboux chouette coucou coq canard canards oies buho lechuza cuco
        gallo patos gansos gufo civetta cuculo anatra anatre oche
    """,
    "steam": """
        kettle kettles kessel wasserkessel teekessel wasserkocher bouilloire hervidor tetera
        bollitore teiera
    """,
}
# Words for the sea: a heard water word among them means waves, not a lake or a stream.
SEA = """
    sea seas ocean surf wave waves beach coast shore
    meer meeres ozean brandung welle wellen strand kuste
    mer ocean vague vagues plage cote ressac
    mar oceano ola olas playa costa oleaje
    mare oceano onda onde spiaggia costa risacca
"""
# Words that name a sound on their own: they make the words near them heard, as SOUND_CUES do
# ("le crépitement du feu", "fogata crepitando", "den See plätschern lassen").
SOUND_VERBS = {
    "fire": """
        crackling crackle crackles knistern knistert knisternd crepitement crepite crepiter
        crepitar crepita crepitando crepitio scoppiettio scoppiettare scoppietta
    """,
    "lake": """
        splashing gurgling babbling platschern platschert gluckern clapotis clapoter gazouille
        chapoteo chapotear murmullo sciabordio gorgoglio scroscio
    """,
    "thunder": """
        rumbling rumble grollen grollt grummeln grummelt grondement gronder retumbar retumba
        brontolio brontola
    """,
    "birds": "chirping zwitschern zwitschert gazouillis gazouiller trinar trinan gorjeo cinguettio",
    "cafe": """
        chatter murmur murmuring brouhaha stimmengewirr gemurmel bavardage murmure parloteo
        chiacchiericcio brusio
    """,
    "rain": "pattering prasseln prasselt tambouriner tamborilear ticchettio picchiettio",
    "wind": """
        howling howl howls whistling heulen heult pfeifen pfeift pfeifa sausen saust hurler
        hurle siffler siffle mugir aullar aulla aullando aullante silbando ululare ulula
        ululando fischiare fischia fischiando
    """,
}
# Phrases that keep the whole wish to sound: every effect word is heard, none is shown.
AUDIO_ONLY = """
    | audio only | only audio | sound only | only sound | only the sound | just audio
    | just the sound | no visual changes | nothing visual | nur akustisch | nur als gerausch
    | nur der ton | nur ton | son seulement | seulement le son | juste le son | uniquement le son
    | solo audio | solo sonido | solo el sonido | solo suono | solo il suono | solo l audio
    | keep the image | keep the picture | keep the photo | bild so lassen | bild nicht verandern
    | image telle quelle | deja la foto igual | deja la imagen igual | lascia la foto com e
"""
# Words for what the wish wants kept still: they rule out the effect named just before them
# ("keep the sky still", "der Himmel soll stillstehen", "que el cielo quede quieto").
STILL = """
    still stillstehen stillsteht stillstehn stillhalten unbewegt regungslos reglos motionless
    static frozen immobile immobiles fixe quieto quieta quietos inmovil fermo ferma fermi immobili
"""
# A clear sky asked for: no rain or lightning is shown, though thunder or rain may be heard
# ("thunder far off but keep the sky blue", "pioggia sulle persiane, ma fuori sereno").
CLEAR_SKY = """
    sunny cloudless sonnig wolkenlos ensoleille soleado soleada despejado despejada soleggiato
    soleggiata sereno serena dry trocken sec seche seco seca asciutto asciutta
    | blue sky | blue skies | sky blue | clear sky | clear skies | sky clear | sky stays clear
    | blauer himmel | blauen himmel | himmel blau | klarer himmel | klaren himmel | himmel klar
    | ciel bleu | ciel clair | ciel degage | cielo azul | cielo despejado | cielo limpio
    | cielo blu | cielo azzurro | cielo sereno | cielo limpido | sonne scheint | the sun is shining
    | sun shining | le soleil brille | brilla el sol | c e il sole
"""
# The camera held still ("keine Kamerabewegung", "la caméra bouge pas", "static camera"):
# with a still or move word and a negation in its clause, every camera move is ruled out.
CAMERA = """
    camera cam kamera camara telecamera cadre cadrage inquadratura encuadre
"""
CAMERA_MOVING = """
    move moves moving movement movements bewegen bewegt bewegung bewegungen fahrt fahren
    bouge bouger bougent mouvement mouvements mueva muevas mover mueve movimiento movimientos
    muova muovere muove movimento movimenti
"""
# "Don't move anything", "rien ne bouge", "que nada se mueva": with a move word, the picture is
# kept as it is and only sound is added.
NOTHING = "nothing nichts rien nada niente nulla"
ANYTHING = "anything everything alles tout todo tutto"
# Which way the camera goes, after a zoom or a camera that moves ("zoom langsam raus", "la
# cámara va hacia atrás", "die Kamera fährt langsam ran").
CAMERA_OUT = """
    out back backward backwards away raus heraus hinaus zuruck zurueck weg
    arriere recul atras detras lejos indietro fuori fuera afuera
"""
CAMERA_IN = """
    closer ran heran rein herein hinein naher naeher avant adelante dentro vicino
"""
# The picture kept as it is: "sin cambiar la imagen", "sans toucher à la photo", "on ne doit
# rien voir", "das Bild genau so lassen". Every effect word is then heard, none is shown.
PICTURE = """
    picture pic photo image visuals visual bild foto imagen immagine fotografia photographie
"""
CHANGE = """
    change changing changed alter altering edit editing touch touching modify modifying
    andern aendern verandern veraendern anfassen bearbeiten
    changer change toucher touche touchez modifier modifie
    cambiar cambies cambie cambiando tocar toques toque modificar modifiques
    cambiare cambi cambiando toccare tocchi toccando modificare modifichi
"""
SEE = """
    see seen show shown visible sehen sieht zeigen sichtbar voir vu vue montrer ver vea vean
    mostrar vedere veda vedano vede mostrare visibile
"""
KEEP = """
    keep leave stay stays remain lassen lass lasst bleiben bleibt laisse laisser laissez reste
    rester deja dejar dejes quede quedar queda lascia lasciare resti restare rimanga
"""
AS_IS = """
    unchanged same intact so unverandert unveraendert genauso quelle quel igual intacta intacto
    cual cosi intatta intatto
"""
DEGREE = "much too trop sehr zu stark demasiado mucho troppo molto"
CAMERA_STILL = """
    still static fixed locked stillstehen stillsteht stillstehn stillhalten fest stehen steht
    statisch fixe fixee immobile fija fijo quieta quieto estatica fissa fisso ferma fermo statica
"""

# Figures of speech: a subject and a verb in one clause that ask for an effect together, though
# neither names it ("make her hair dance", "the sky cries", "wenn die Sonne schlafen geht").
FIGURES: tuple[tuple[str, str, str], ...] = (
    (
        "wind",
        """
        hair hairs leaves leaf foliage tree trees branch branches grass wheat corn crops reeds
        flag flags banner dress skirt scarf veil curtain curtains palm palms ears ear laundry
        washing sheets flower flowers tablecloth towel towels sunflowers tulips daisies poppies
        sonnenblumen tulpen mohn tournesols tulipes coquelicots girasoles tulipanes amapolas
        girasoli tulipani papaveri
        haar haare blatter blaetter laub baum baume baeume ast aste zweig zweige gras weizen ahren
        aehren fahne fahnen flagge kleid schal schleier vorhang vorhange palme palmen schilf
        ohren wasche waesche laken blumen blume grasser graeser halme tischdecke handtuch
        handtucher
        cheveux feuilles feuillage arbre arbres branche branches herbe ble epis drapeau drapeaux
        robe jupe echarpe voile rideau rideaux palmier palmiers roseaux oreilles linge draps
        nappe serviette serviettes
        fleurs fleur
        pelo cabello melena hojas follaje arbol arboles rama ramas hierba pasto trigo espigas
        bandera banderas vestido falda bufanda velo cortina cortinas palmera palmeras juncos
        orejas sabanas flores flor mantel toalla toallas
        capelli chioma foglie fogliame albero alberi ramo rami erba grano spighe bandiera
        bandiere vestito gonna sciarpa velo tenda tende palma palme canne orecchie lenzuola
        bucato fiori fiore tovaglia asciugamano asciugamani
        """,
        """
        dance dances dancing danced fly flies flying flew wave waves waving swing swings swinging
        flap flaps flapping
        bend bends bending shake shakes shaking wiggle wiggling toss tossing whip whipping
        everywhere float floating move moves moving
        tanzen tanzt tanze tanzend fliegen fliegt fliege fliegend wiegen wiegt wiegend biegen
        biegt beugen wackeln wackelt schaukeln schaukelt uberall ueberall bewegen bewegt
        danser danse dansent dansant voler vole volent volant onduler ondule ondulent balancer
        balance balancent plier plient agiter agitent virevolter virevoltent partout bouger
        bouge bougent
        bailar baile bailen baila bailan bailando volar vuele vuelen vuela vuelan volando
        ondular ondule ondulen ondula mecer meza mezan mece mecen meciendo doblar doblen doblan
        agitar agiten agitan mover mueva muevan mueve mueven moviendo
        ballare balli ballino balla ballano ballando volare voli volino vola volano volando
        ondeggiare ondeggi ondeggino ondeggia ondeggiano piegare pieghi pieghino piega piegano
        dondolare dondoli dondolino dondola dondolano agitare agitino agitano dappertutto ovunque
        muovere muova muovano muove muovono
        """,
    ),
    (
        "pan",
        CAMERA,
        """
        slide slides sliding glide glides gliding follow follows following track tracks
        tracking gleiten gleitet gleitend folgt folgen folgend verfolgt glisse glisser glissant
        suit suive suivent suivre suivant desliza deslice deslizar deslizando sigue siga
        siguiendo seguir
        scivola scivoli scivolare segue segua seguire seguendo scorre scorra
        """,
    ),
    (
        "blink",
        """
        eyes eye eyelids augen auge augenlider yeux oeil paupieres ojos ojo ojitos parpados
        occhi occhio occhietti palpebre
        """,
        """
        close closes closing open opens opening shut shuts
        schliessen schliesst schliesse offnen offnet oeffnen oeffnet zumachen aufmachen
        ferme fermer fermes ferment ouvre ouvrir ouvrent
        cierra cierre cierren cerrar abre abra abran abrir
        chiude chiuda chiudere chiudi apre apra aprire apri
        """,
    ),
    (
        "water",
        """
        boat boats sailboat sailboats ship ships canoe boot boote schiff schiffe segelboot
        bateau bateaux barque barques voilier voiliers bote botes barco barcos barca barcas
        velero veleros barche barchette barchetta nave navi
        """,
        """
        rock rocks rocking bob bobs bobbing drift drifts drifting float floats floating
        schaukeln schaukelt wiegen wiegt dumpeln treiben treibt
        bercer bercent tanguer tanguent flotter flottent deriver derivent balancer balance
        balancent
        mecer mecen balancear balancean flotar flotan
        dondolare dondolano dondola cullare cullano galleggiare galleggiano
        """,
    ),
    (
        "pan",
        """
        along across alongside entlang langs uber le long travers largo traves lungo attraverso
        """,
        """
        slide slides sliding glide glides gliding track tracking drift drifts drifting
        gleiten gleitet gleite schweben schwebt glisser glisse glissant deslizar desliza
        deslizate scivolare scivola scivolando
        """,
    ),
    (
        "lightning",
        """
        sky skies heaven clouds himmel wolken ciel nuages cielo nubes nuvole
        """,
        """
        flash flashes flashing light lights lighting blitzen blitzt aufleuchten leuchtet
        aufblitzen aufblitzt hell illuminer illumine eclaire eclairer ilumine ilumina
        iluminar illumini illumina illuminarsi lampeggia lampeggi
        """,
    ),
    (
        "sunset",
        """
        sky skies heaven himmel ciel cielo cielos cieli horizon horizont orizzonte
        """,
        """
        burn burns burning blaze blazes glow glows brennen brennt brenne gluhen gluht gluehen
        glueht embrase embraser embrasent flamboie flamboyer arde arda arder ardiendo incendia
        incendie brucia bruci bruciare infiamma infiammi infuoca infuochi
        """,
    ),
    (
        "sparkle",
        """
        stars star diamonds diamond lights sterne stern diamanten lichter etoiles etoile diamants
        lumieres estrellas estrella diamantes luces stelle stella diamanti luci
        """,
        """
        wink winks winking blink blinks blinking zwinkern zwinkert blinzeln blinzelt clignent
        clignotent cligner clignoter guinan guinen parpadean parpadeen ammiccano ammicchino
        """,
    ),
    (
        "rain",
        """
        sky skies heaven heavens clouds himmel wolken ciel cieux nuages cielo cielos nubes
        cieli nuvole
        """,
        """
        cry cries crying weep weeps weeping tears weinen weint weine weinend tranen traenen
        pleurer pleure pleurent pleurant larmes llorar llore lloren llora lloran llorando
        lagrimas piangere pianga piangano piange piangono piangendo lacrime
        """,
    ),
    (
        "sunset",
        "sun sonne soleil sol sole",
        """
        set sets setting sink sinks sinking disappear disappears disappearing vanish vanishes
        sleep sleeps untergehen untergeht unter runtergehen runtergeht versinkt versinken
        verschwindet verschwinden
        schlafen schlaft schlaeft verabschieden verabschiedet couche coucher couchant disparait
        disparaitre plonge dit adieu despide despedirse saluta
        pone ponga ponerse poniente esconde esconda desaparece desaparezca duerme
        tramonta tramontare cala scompare scompaia dorme dormire
        """,
    ),
    (
        "night",
        """
        city town village world street streets stadt dorf welt strasse ville village monde rue
        ciudad pueblo mundo calle citta paese mondo strada
        """,
        """
        sleep sleeps asleep sleeping schlaft schlaeft schlafen einschlafen einschlaft
        endorme endorment endormir dort dorment duerme duerma duermen dormir dormida dormido
        addormenta addormenti dorme dormono
        """,
    ),
)

# The nouns of rain (not its verbs: "il pleut des cordes" is rain, "une pluie de pétales" is not).
RAIN_NOUNS = "rain shower regen pluie averse lluvia pioggia"

SOUND_SUFFIXES = (
    "gerausch",
    "gerausche",
    "rauschen",
    "klang",
    "klange",
    "sound",
    "sounds",
    "grollen",
    "plätschern",
    "platschern",
    "knistern",
    "gezwitscher",
    "prasseln",
    "geschrei",
    "gemurmel",
    "gezirpe",
)
# Thunder is heard: a thunder word keeps its sound when lightning is ruled out ("thunder in the
# distance but no lightning").
THUNDER = "thunder donner tonnerre trueno truenos tuono tuoni"

INTENSITY_DOWN = """
    slight slightly gentle gently light lightly soft softly subtle subtly mild mildly little faint
    calm weak
    leicht leichte leichter leichtem leichten leichtes sanft sanfte sanfter sanftem sanften
    zart zarte zarten dezent schwach schwache schwachem schwachen wenig
    leger legere legerement doux douce doucement faible peu
    suave suavemente ligero ligera ligeramente leve debil poco
    leggero leggera leggermente delicato delicata dolce debole poco
"""
INTENSITY_UP = """
    heavy heavily strong strongly intense intensely wild violent lots massive powerful dramatic
    hard big
    stark starke starker starken starkem starkes heftig heftige heftiger heftigem heftigen
    kraftig kraeftig kraftige kraftigem kraftigen viel dramatisch
    fort forte fortement intense violent violente beaucoup
    fuerte fuertes intenso intensa mucho mucha violento dramatico
    forte forti intenso intensa molto violento drammatico
"""
VERY = """
    very really extremely super too sehr ganz zu tres vraiment trop muy realmente demasiado
    molto davvero troppo
"""
SPEED_DOWN = """
    slow slowly langsam langsame langsamer lent lente lentement lento lenta despacio despacito
    lentamente adagio
"""
SPEED_UP = """
    fast quick quickly rapid rapidly
    schnell schnelle schneller rasch
    vite rapide rapidement
    rapido rapida rapidamente deprisa
    veloce velocemente rapido
"""
LEFT = """
    leftward leftwards left | to the left
    links linkswarts | nach links
    gauche | vers la gauche | a gauche
    izquierda | a la izquierda | hacia la izquierda
    sinistra | a sinistra | verso sinistra
"""
RIGHT = """
    rightward rightwards right | to the right
    rechts rechtswarts | nach rechts
    droite | vers la droite | a droite
    derecha | a la derecha | hacia la derecha
    destra | a destra | verso destra
"""
# Rain and snow together need a reason.
MIXED_PRECIPITATION = """
    sleet slush mixed | wintry mix | turning into | turns into
    schneeregen graupel matsch
    grele | neige fondue | pluie verglacante
    aguanieve granizo
    nevischio grandine
"""

# Words that carry no request of their own, in the five languages.
# An animal's coat: wind named with these ruffles the main subject's fur or feathers, not the
# plants around it (they also ask for wind on their own: "ruffle the cat's fur").
FUR = """
    fur furry fluffy fluff wool woolly woolen woollen fleece feathers feather plumage mane
    pelz federn gefieder maehne wolle flauschig
    fourrure pelage plumage criniere laine
    pelaje plumas plumaje melena lana
    pelliccia piume piumaggio criniera lana
"""

HAIR = """
    hair hairs haar haare cheveux cheveu chevelure cabello cabellos capelli capello chioma
    pelo pelos peli cabelo cabelos
"""

# Words that can follow an effect without saying where in the photo it acts: pronouns, the
# weather, the time of day or year. Any other word left over names a place ("a breeze in the
# palm tree"), so the effect is aimed at it and the planner adds nothing around it.
# Idioms whose words name an effect but mean something else: read as nothing.
IDIOMS = """
    | feuer und flamme | coup de foudre | colpo di fulmine | love at first sight
    | break the ice | steal the show | under the weather | in a fog | cloud nine
    | on cloud nine | auf wolke sieben | sur un petit nuage | al settimo cielo | of course
    | no wait | nein warte | non attends | no espera | no aspetta | snow white | blanche neige
    | schneewittchen | blancanieves | biancaneve | we re on fire | were on fire | que ardemos
    | butterflies in my stomach | butterflies in the stomach | schmetterlinge im bauch
    | papillons dans le ventre | mariposas en el estomago | mariposas en la panza
    | farfalle nello stomaco
    | night shift | night shifts | night nurse | night owl | night owls | nachtschicht
    | nachtdienst | equipe de nuit | poste de nuit | garde de nuit | turno de noche
    | turno di notte | fire station | fire brigade | fire department | feuerwehr | pompiers
    | bomberos | vigili del fuoco | not only | not just | nicht nur | pas seulement | pas que
    | no solo | no solamente | non solo | non soltanto
"""
# After a rain word, these make it a figure of speech: "a rain of petals", "pluie de pétales",
# "lluvia de confeti", "pioggia di coriandoli", "Regen aus Blüten".
RAIN_OF = "of de d del della delle dei degli di von aus du des"

NOT_A_PLACE = """
    s c their his her him them they us through across outside today now warm cool cold fresh
    become becomes becoming feel feels getting werden wird werde devient devenir vuelve hazlo
    diventa diventare
    summer winter autumn fall spring morning afternoon evening weather days
    sein seine seiner ihr ihre ihren durch heute warm warme kuhl kuehl frisch sommer winter herbst
    fruhling fruehling morgen nachmittag abend wetter
    son sa ses leur leurs travers aujourd hui chaud chaude frais fraiche ete hiver automne
    printemps matin apres midi soir temps
    su sus traves hoy calido calida fresco fresca verano invierno otono primavera manana tarde
    noche tiempo
    suo sua suoi sue loro attraverso oggi caldo calda fresco fresca estate inverno autunno
    primavera mattina pomeriggio sera tempo
"""

STOPWORDS = """
    a an the it its this that these those is are be been was make made makes let lets please and
    or of to in on at into onto for some bit more so as my me our your we i day turn add give get
    have show do photo picture image scene video clip like look looks style into up down there
    here around all everything over under from by while then come comes coming bring want would
    should could can will some any else one don doesn didn isn aren wasn weren won wouldn
    shouldn couldn see seen visible shown him her them his hers their want wants anything
    everything something
    mochte will moechte veux voglio quiero quero
    soll sollen sollte muss mussen doit doivent debe deben deberia deve devono dovrebbe
    draus daraus drauf drin dran raus rein ne nen nem mal halt bissl bisschen
    ihn ihm ihr ihnen sie lui elle eux leur ella ellos ellas lei loro
    stay stays remain remains bleibt bleiben bleibe reste rester restent quede queda quedan
    quedarse resta restare restino rimanga rimane
    farlo farla fallo falla farli hazlo hazla si se sich
    sehen zeigen sichtbar zeige voir montrer montre visible ver mostrar muestres visible vedere
    mostrare visibile vederla vederlo vederli vederle verla verlo verlos verlas la voir le voir
    der die das den dem des ein eine einen einem einer es ist sind sei mach mache machen macht
    lass lasse lassen bitte und oder mit von zu im in am an auf fur fuer ein etwas mehr so als
    mein meine dieses diese dieser dies bild foto video clip tag sonst dann wie
    le la les l un une des du de d ce cet cette ces est sont fais faire fait rends rendre et ou
    avec en au aux dans sur pour un peu plus comme mon ma mes photo image video jour donne
    donner donne donnez donnes moi y
    el la los las lo un una unos unas es son haz hacer hace dale dar da y o con de del en al a
    para por un poco mas como mi mis esta este esto estos foto imagen video dia que
    il lo la i gli le un una uno e sono fai fare fa dai dare da ed o con di del della in nel
    nella a al alla per un po piu come mio mia questa questo queste questi foto immagine video
    giorno che quel quella quello quei quegli quelle quelli questo
    quel quelle quels quelles ese esa eso esos esas aquel aquella aquellos aquellas
    background hintergrund fond fondo
"""


def words(text: str) -> list[str]:
    """The entries of a vocabulary string: phrases are separated by '|', words by spaces."""
    out: list[str] = []
    for line in text.splitlines():
        parts = line.split("|")
        out.extend(parts[0].split())  # before the first '|': single words
        out.extend(" ".join(p.split()) for p in parts[1:] if p.split())
    return out
