"""The prompt gate's vocabulary in English, German, French, Spanish and Italian. Pure data.

Each label maps to entries separated by commas or new lines. Entries are matched after folding
(lower case, no accents, ß as ss) and after the spelling tricks are undone, so each is written
once, as usual. An entry ending in "*" matches every word that starts with it; an entry with
spaces (or hyphens, or apostrophes) is a phrase; a phrase word written "{label}" matches any
word that carries that label ("zieh {pron} aus"). Labels starting with a category name are acts
that the rules in `prompt.py` aim at a target; the others say what a word is (a person, a body
part, a negation, ...).

The lists name what the categories are about so that the gate can refuse it; they are kept to
the words needed for that. Slurs are a short, factual list of the most common ones.
"""

from __future__ import annotations

TERMS: dict[str, str] = {
    # ---------------------------------------------------------------- who an act is aimed at
    "person": """
        man, men, woman, women, guy, guys, lady, ladies, girl, girls, boy, boys, person, people,
        typ, typen, kerl, kerle, mec, mecs, tipo, tipos, tizio, tizia,
        fans, crowd, crowds, audience, spectators, supporters, zuschauer, publikum, menge,
        foule, spectateurs, multitud, gente, espectadores, folla, pubblico, spettatori, tifosi,
        persons, human, humans, wife, husband, girlfriend, boyfriend, friend, friends, mom, mum,
        mommy, mother, dad, daddy, father, parents, grandma, grandmother, granny, grandpa,
        grandfather, sister, brother, aunt, uncle, cousin, neighbour, neighbor, colleague,
        coworker, boss, teacher, student, nurse, doctor, model, actress, actor, singer, bride,
        groom, couple, family, crowd, someone, somebody, everyone, everybody, victim, victims,
        stranger, ex, soldier, soldiers, prisoner, prisoners, hostage, hostages, captive,
        captives, inmate, inmates, guard, guards, policeman, policewoman, cop, priest, nun,
        gentleman, dude,
        chick, babe, classmate, roommate, fiance, fiancee, tourist, waitress, secretary, maid,
        mann, manner, frau, frauen, mensch, menschen, person, personen, leute, typ, kerl, dame,
        freundin, freund, ehefrau, ehemann, mutter, mama, vater, papa, oma, opa, grossmutter,
        grossvater, schwester, bruder, tante, onkel, cousine, nachbarin, nachbar, kollegin,
        kollege, chefin, chef, lehrerin, lehrer, studentin, krankenschwester, braut, brautigam,
        familie, jemand, geisel, geiseln, gefangene, gefangenen, gefangener, jemanden, opfer,
        soldat, polizist, polizistin, schauspielerin,
        sangerin, sanger,
        homme, hommes, femme, femmes, personne, personnes, gens, mec, mecs, gars, fille, filles,
        garcon, garcons, copine, copain, amie, ami, amis, amies, epouse, mari, mere, maman,
        pere, grand-mere, mamie, meme, grand-pere, papi, papy, soeur, frere, tante, oncle,
        voisine, voisin, collegue, patron, patronne, prof, professeur, professeure, infirmiere,
        mannequin, actrice, acteur, chanteuse, chanteur, mariee, marie, famille, foule,
        quelqu'un, victime, victimes, soldat, policier, policiere, inconnue, inconnu, otage, otages,
        prisonnier, prisonniere, prisonniers, etudiante,
        etudiant, serveuse, vieillard,
        hombre, hombres, mujer, mujeres, persona, personas, gente, tio, tia, chico, chicos,
        chica, chicas, senor, senora, senorita, novia, novio, amiga, amigo, amigas, amigos,
        esposa, esposo, marido, madre, mama, padre, abuela, abuelo, hermana, hermano, vecina,
        vecino, companera, companero, jefa, jefe, profesora, profesor, maestra, maestro,
        enfermera, modelo, actriz, cantante, pareja, familia, multitud, alguien, victima,
        soldado, policia, desconocida, desconocido, estudiante, secretaria, camarera, muchacha,
        muchacho, anciano, anciana, rehen, rehenes, prisionero, prisionera, prisioneros,
        uomo, uomini, donna, donne, persona, persone, gente, tizio, tizia, signora, signore,
        signorina, ragazza, ragazze, ragazzo, ragazzi, fidanzata, fidanzato, amica, amico,
        amiche, amici, moglie, marito, madre, mamma, padre, nonna, nonno, sorella, fratello,
        zia, zio, cugina, cugino, collega, professoressa, professore, infermiera, modella,
        attrice, attore, cantante, sposa, sposo, coppia, famiglia, folla, qualcuno, vittima,
        vittime, soldato, poliziotto, poliziotta, sconosciuta, sconosciuto, studentessa,
        segretaria, cameriera, anziano, anziana, ostaggio, ostaggi, prigioniero, prigioniera,
        prigionieri
    """,
    # Markers that the person is, or may be, under 18. Numbers of years are read in the code.
    "minor": """
        child, children, childs, kid, kids, kiddo, kiddie*, toddler*, baby, babies, infant*,
        newborn*, teen, teens, teenager*, teenage*, teeny, preteen*, pre-teen*, tween*, minor,
        minors, underage*, under-age*, schoolgirl*, schoolboy*, school girl*, school boy*,
        school uniform, little girl*, little boy*, little one*, little kid*, youngster*,
        juvenile*, adolescent*, school pupil*, daughter*, stepdaughter*, my son, his son, her son,
        your son, our son, their son, sons, stepson*, niece*, nephew*, granddaughter*,
        grandson*, grandchild*, young, younger, youngest, barely legal, jail bait, jailbait,
        loli, lolis, lolita*, shota*, high school, highschool*, middle school,
        elementary school, primary school, kindergarten*,
        kind, kinder, kindes, kindern, kleinkind*, babys, saugling*, madchen, madel*, jung,
        junge, jungen, junger, junges, jungem, teenie*, jugendlich*, minderjahrig*,
        schulmadchen*, schulerin*, schuler, grundschul*, tochter, tochtern, stieftochter*,
        sohn, sohne, enkelin*, enkel, nichte*, neffe*, knabe*, bub, buben,
        enfant*, gamin, gamine, gamins, gamines, gosse, gosses, mome, momes, fillette*,
        petite fille*, petites filles,
        petit garcon*, petits garcons, garconnet*, bebe, bebes, nourrisson*, ado, ados,
        adolescent*, mineur, mineure, mineurs, mineures, ecolier*, ecoliere*, collegien*, lyceen*,
        eleve, eleves, ma fille,
        sa fille, ta fille, notre fille, leur fille, mes filles, ses filles, mon fils,
        son fils, ton fils, notre fils, leur fils, jeune, jeunes, jeunette*, niece*, neveu*,
        petite-fille*, petit-fils,
        nino, ninos, nina, ninas, ninito*, ninita*, nene, nenes, nena, nenas, crio, crios,
        chiquill*, chaval*, infante, infantes, infantil*, menor, menores, adolescente*, colegial*,
        alumna*, alumno*, escolar*, hija, hijas, hijastra*, hijo, hijos, sobrina*, sobrino*,
        nieta*, nieto*, joven, jovenes, jovencit*, muchachit*, chiquit*,
        bambin*, bimba, bimbe, bimbo, bimbi, bimbetta*, ragazzin*, minorenn*, minore, minori,
        neonat*, scolar*, scolaretta*, alunn*, figlia, figlie, figliastra*, figlio, figli,
        nipote, nipoti, nipotin*, giovane, giovani, giovanissim*, fanciull*, pargol*,
        undicenn*, dodicenn*, tredicenn*, quattordicenn*, quindicenn*, sedicenn*,
        diciassettenn*,
        grader, graders, 1st grade*, 2nd grade*, 3rd grade*, 4th grade*, 5th grade*,
        6th grade*, 7th grade*, 8th grade*, first grade*, second grade*, third grade*,
        fourth grade*, fifth grade*, sixth grade*, seventh grade*, eighth grade*, middle schooler*,
        schultute, schultuete, einschulung, erstklassler*, klassler, klasslerin*, zweitklassler*,
        drittklassler*, viertklassler*, funftklassler*, sechstklassler*, siebtklassler*,
        achtklassler*, neuntklassler*,
        die kleine, meine kleine, unsere kleine, der kleine, meinen kleinen, tochterchen,
        schwesterchen, unterstufe, mittelstufe, grundschuler*, volksschul*,
        la petite, ma petite, notre petite, cm1, cm2, ce1, ce2, collegienne*, sixieme, cinquieme,
        de 6e, en 6e, de 5e, en 5e, de 4e, en 4e, de 3e, en 3e, de 6eme, en 6eme, de 5eme,
        en 5eme, de 4eme, en 4eme, de 3eme, en 3eme, en quatrieme, en troisieme,
        gamine*, ma puce,
        peque, peques, mi peque, hijita*, hijito*, sobrinit*, nietecit*, primaria, de primaria,
        la nena, nenita*, secundaria, la chiquilla,
        piccolina*, piccoletta*, la piccola, mia piccola, cucciola, cucciolina, figliett*,
        prima media, seconda media, terza media, elementari, le elementari, alle medie,
        die kurze, meine kurze, la chiquita, la pequena, la pequenita, mi pequena, la cria,
        junior, juniors, jugendmannschaft*, jugendteam*, little league, peewee, pee-wee,
        girl scout*, boy scout*, pfadfinder*, scoute*, u8, u9, u10, u11, u12, u13, u14, u15,
        u16, u17, moins de 12 ans, moins de 14 ans, sub 12, sub 14, sub 16, under 12s, under 14s
    """,
    # Cues that a look is meant to be sexual, read only when a minor is named: "something only
    # grown-ups should watch". Not "spicy" or "naughty": spicy tacos, a naughty toddler.
    "suggestive": """
        grownups only, grown-ups only, adults only, only grownups, only grown-ups, only adults,
        for adults, 18+, nur fur erwachsene, ab 18, pour adultes, reserve aux adultes,
        para adultos, solo para adultos, per adulti, solo per adulti, vietato ai minori,
        provocativ*, provocant*, provocador*, lasciv*, verfuhrerisch*, verführerisch*,
        seductive*, seducente*, seductor*, seductora*, seduisant*, aguicheu*, fan service,
        fanservice, ecchi, video chaude, video * chaude, photo chaude, photo * chaude,
        hot video, hot pics, spicy video, video caliente, video * caliente, foto caliente,
        video calda, video * calda, foto calda, heisses video, heisse fotos
    """,
    "pron": """
        he, she, him, her, they, them, me, himself, herself, themselves, myself,
        er, sie, ihn, ihm, ihr, mich, mir, dich,
        elle, ils, elles, lui, eux, moi, toi,
        él, ella, ellos, ellas,
        lei, loro,
        fallo, falla, fateli, hazlo, hazla, hazle, rendila, rendilo, ponla, ponlo, ponlos,
        ponlas, dejala, dejalo, mettila, mettilo, mettili, mettile, lasciala, lascialo
    """,
    # Possessives: a body part after one of these belongs to a person.
    "poss": """
        his, her, their, my, your, sein, seine, seinen, seinem, seiner, ihre, ihren, ihrem,
        ihrer, mein, meine, meinen, meinem, meiner, son, sa, ses, leur, leurs, mon, ma, mes,
        su, sus, mi, mis, suo, sua, suoi, sue, mio, mia, miei, mie
    """,
    # Object pronouns of French, Spanish and Italian, before a verb or joined to it.
    "clitic": "la, le, les, lo, los, las, li, gli, l, lui, glielo, gliela",
    "refl": """
        himself, herself, themselves, myself, yourself, yourselves, oneself, sich, dich, se, s, si
    """,
    "body": """
        head, face, throat, neck, eye, eyes, arm, arms, leg, legs, hand, hands, finger,
        fingers, chest, stomach, belly, heart, skull, brain, brains, skin, wrist, wrists,
        tongue, ear, ears, nose, back, mouth, lips,
        kopf, gesicht, kehle, hals, auge, augen, arm, arme, bein, beine, hand, hande, finger,
        brust, bauch, herz, schadel, gehirn, haut, handgelenk*, zunge, ohr, ohren, nase,
        rucken, mund, lippen,
        tete, visage, gorge, cou, yeux, oeil, bras, jambe, jambes, main, mains, doigt,
        doigts, poitrine, ventre, coeur, crane, cerveau, peau, poignet*, langue, oreille*,
        nez, dos, bouche, levres,
        cabeza, cara, garganta, cuello, ojo, ojos, brazo, brazos, pierna, piernas, mano,
        manos, dedo, dedos, pecho, estomago, vientre, corazon, craneo, cerebro, piel,
        muneca, munecas, lengua, oreja, orejas, nariz, espalda, boca, labios,
        testa, faccia, viso, gola, collo, occhio, occhi, braccio, braccia, gamba, gambe,
        mani, dito, dita, petto, pancia, stomaco, cuore, cranio, cervello, pelle, polso,
        polsi, lingua, orecchio, orecchie, naso, schiena, bocca, labbra
    """,
    # A whole body counts as a person.
    # Words for old people that are also adjectives ("il vecchio", "il vecchio albero").
    "adjperson": "vecchio, vecchia, viejo, vieja, vieux, vieille, vieil",
    # Animals: violence against the pet or animal in the photo is violence too ("der Hund soll
    # erstochen werden", "accoltella il gatto"). Words that are also slang for sex are left out.
    "animal": """
        dog, dogs, puppy, puppies, doggo, pup, cat, cats, kitten, kittens, kitty, horse, horses,
        pony, rabbit, bunny, hamster, cow, cows, pig, pigs, sheep, goat, chicken, hen, duck,
        deer, fox, wolf, wolves, pet, pets, parrot, lamb, calf,
        hund, hunde, hundchen, welpe, welpen, katze, katzen, katzchen, kater, pferd, pferde,
        hase, kaninchen, kuh, kuhe, schwein, schaf, ziege, huhn, huhner, ente, reh, haustier, lamm,
        fuchs, wolf, wolfe,
        chien, chienne, chiens, chiot, chiots, chat, chats, chaton, chatons, cheval, chevaux,
        lapin, vache, cochon, mouton, chevre, poule, poules, canard, agneau, veau, renard, loup,
        perro, perros, perrito, perrita, cachorro, gato, gata, gatos, gatito, gatita, caballo,
        conejo, vaca, cerdo, oveja, cabra, gallina, pato, mascota, cordero, ternero, zorro, lobo,
        cane, cani, cagnolino, cagnolina, cucciolo, cucciola, gatto, gatta, gatti, gattino,
        gattina, cavallo, coniglio, mucca, maiale, pecora, capra, gallina, anatra, agnello, volpe,
        lupo
    """,
    "bodyword": """
        body, bodies, korper, leib, corps, cuerpo, cuerpos, corpo, corpi
    """,
    "sexbody": """
        breasts, boobs, boobies, tits, titties, nipple*, genital*, penis*, vagina*, vulva*,
        pussy, clitoris, private parts, buttocks,
        bruste, busen, titten, nippel, brustwarze*, genitalien, intimbereich,
        seins, nichons, tetons, mamelons, vagin, parties genitales, parties intimes,
        tetas, senos, pezones, pene, genitales, partes intimas,
        tette, seni, capezzoli, genitali, parti intime
    """,
    "group": """
        jews, jew, jewish people, muslims, muslim, christians, blacks, black people, gays,
        gay people, lesbians, homosexuals, trans people, transgender*, immigrants, migrants,
        refugees, foreigners, arabs, asians, mexicans, gypsies, africans, whites,
        juden, jude, muslime, moslems, christen, die schwarzen, schwule, lesben,
        homosexuelle, auslander, migranten, fluchtlinge, asylanten, asylbewerber, araber,
        turken, zigeuner, afrikaner,
        juifs, juif, juives, musulmans, chretiens, les noirs, homosexuels, homos, lesbiennes,
        immigres, refugies, etrangers, arabes, roms, gitans, africains, asiatiques,
        judios, judio, musulmanes, cristianos, los negros, homosexuales, lesbianas,
        inmigrantes, migrantes, refugiados, extranjeros, gitanos, africanos, asiaticos,
        ebrei, ebreo, musulmani, cristiani, i neri, omosessuali, lesbiche, immigrati,
        migranti, profughi, rifugiati, stranieri, arabi, zingari, africani, asiatici
    """,
    # ----------------------------------------------------------------------- small words
    "det": """
        the, a, an, this, that, these, those, some, all, every, both, poor, old, young, other,
        at, on, in, into, to, off, of, out, up, down,
        der, die, das, den, dem, des, ein, eine, einen, einem, einer, auf, alle, diesen,
        diese, dieser, armen, alten, in, an, vom,
        le, la, les, l, un, une, des, du, de, d, sur, tous, toutes, cette, ce, ces, pauvre,
        vieil, vieille, vieux, a, au, aux, dans,
        el, los, las, lo, una, unos, unas, al, contra, del, todos, todas, este, esta, esos,
        esas, pobre, viejo, vieja, en, de,
        il, i, gli, uno, alla, allo, ai, agli, alle, contro, tutti, tutte, sul, sulla,
        questo, questa, povero, povera, in, nel, nella, di, da
    """,
    "neg": """
        no, not, never, without, dont, don, doesn, didn, isn, aren, nor,
        kein, keine, keinen, keiner, keinem, nicht, nie, niemals, ohne,
        ne, pas, jamais, sans, aucun, aucune, ni,
        sin, nunca, jamas, ningun, ninguna, nada, non, senza, mai, nessun, nessuna, nessuno,
        niente
    """,
    # Photo and film words: "shoot" among these is about cameras, not guns.
    "photo": """
        photo, photos, picture, pictures, pic, pics, portrait, portraits, selfie, video,
        videos, film, footage, clip, camera, lens, frame, angle, close-up, closeup,
        slow motion, slowmo, slow-mo, light, lighting, sunlight, bokeh, focus, 4k, hdr,
        drone, timelapse, time lapse, studio, photograph*, shot, shots, scene,
        foto, fotos, bild, bilder, aufnahme*, portrat*, kamera, licht, zeitlupe, zeitraffer,
        nahaufnahme,
        image, images, camera, cliche, lumiere, ralenti,
        imagen, imagenes, retrato, pelicula, luz, camara lenta, fotografia,
        immagine, immagini, ritratto, filmato, fotocamera, telecamera, luce, rallentatore,
        scatto, scatti
    """,
    "weapon": """
        gun, guns, pistol, rifle, bullet*, arrow*, crossbow, shotgun, revolver, weapon*,
        dead, death, kill*, blood*, wound*, bleed*, in the head, in his head, in her head,
        in den kopf, dans la tete, en la cabeza, in testa, alla testa,
        waffe*, pistole, gewehr*, pfeil*, tot, tod, blut*,
        arme, armes, pistolet, fusil, mort, morte, sang, blesse*,
        arma, armas, pistola, rifle, bala, balas, muerto, muerta, muerte, flecha*, sangre,
        fucile, proiettil*, morto, freccia, sangue
    """,
    # Things that can be "naked", "bare" or "sexy" without being a person.
    "benign_obj": """
        costume, costumes, outfit, outfits, kostum, kostume, deguisement, disfraz, disfraces,
        tree, trees, branch, branches, eye, flame, flames, truth, wall, walls, color, colour,
        colors, colours, coloured, colored, tone, tones, lipstick, heels, shoes, makeup,
        nails, palette, dress, car, cars, feet, foot, cable, cables, rock, rocks, hill, hills,
        landscape,
        chicken, turkey, duck, wire, wires, bulb, shoulders,
        baum, baume, ast, aste, zweig*, auge, flamme, wahrheit, wand, farbe, farben, kabel,
        lippenstift, kleid, auto, fusse, fussen, oberkorper, felsen, hahnchen, huhn,
        arbre, arbres, branche, branches, oeil, flamme, verite, mur, murs, couleur,
        couleurs, rouge a levres, robe, voiture, pieds, pied, torse, epaules, poulet, dinde,
        arbol, arboles, rama, ramas, ojo, llama, verdad, pared, color, colores, vestido,
        coche, pies, pie, torso, hombros, pollo, pavo, cuerda, corbata,
        albero, alberi, ramo, rami, occhio, fiamma, verita, muro, colore, colori, rossetto,
        vestito, macchina, piedi, piede, torso, spalle, pollo, tacchino, anatra
    """,
    # Words that make "blood" a colour or a moon, not a wound.
    "blood_veto": """
        red, crimson, scarlet, moon, sun, sky, sunset, orange, oranges, type, donation,
        pressure, drive, bank, cells, test, sugar, brothers,
        rot, rote, roter, roten, mond, sonne, himmel, sonnenuntergang, orange, spende,
        rouge, rouges, lune, soleil, ciel, coucher, orange, don,
        rojo, roja, rojos, rojas, luna, sol, cielo, atardecer, naranja, donacion,
        rosso, rossa, rossi, rosse, luna, sole, cielo, tramonto, arancia, donazione,
        fake, falsa, falso, mentira, mentirita, finto, finta, faux, fausse, kunstblut, toro
    """,
    "clothes": """
        top, skirt,
        everything she is wearing, everything he is wearing, everything she wears,
        everything he wears,
        clothes, clothing, shirt, t-shirt, tshirt, dress, bra, panties, underwear, pants,
        trousers, skirt, bikini, swimsuit, lingerie, jeans, blouse, knickers, uniform,
        kleider, kleidung, klamotten, hemd, shirt, kleid, bh, hoschen, slip, unterwasche,
        hose, bikini, badeanzug, bluse, uniform,
        vetements, habits, chemise, robe, soutien-gorge, culotte, slip, sous-vetements,
        pantalon, jupe, maillot, chemisier, uniforme,
        ropa, camisa, camiseta, blusa, vestido, sujetador, sosten, bragas, calzones,
        pantalones, falda, banador, uniforme,
        vestiti, abiti, vestito, camicia, maglietta, reggiseno, mutandine, mutande, intimo,
        pantaloni, gonna, costume, camicetta, divisa
    """,
    # Clothes whose absence is nudity ("without clothes"; not "without a shirt").
    "all_clothes": """
        everything she is wearing, everything he is wearing, everything she wears,
        everything he wears, all her clothes, all his clothes,
        clothes, clothing, underwear, panties, bra, knickers, kleider, kleidung, klamotten,
        unterwasche, bh, hoschen, slip, vetements, vetement, habits, culotte,
        soutien-gorge, sous-vetements, ropa, bragas, sujetador, sosten, calzones, vestiti,
        abiti, mutande, mutandine, reggiseno, intimo
    """,
    "remove": """
        lift, lifts, lifting, pull up, pulls up, pulling up,
        quite, quiten, quitese, quitate,
        take off, takes off, taking off, took off, taken off, remove, removes, removing,
        removed, rip off, tear off, tears off, tearing off, pull off, pull down, pulls down,
        strip off,
        entfern*, reiss*, runterzieh*, herunterzieh*,
        enleve*, enlever, retire, retirer, retirez, ote, oter, otez, arrache*,
        quita*, quitar*, quitale, quitarle, quitandose, quitandole, saca, sacale, sacar*,
        arranca*,
        togli*, toglie*, togliere, toglile, levale, levarle, strappa*
    """,
    "expose": """
        show, shows, showing, expose*, reveal*, flash*, bare, baring, uncover*,
        zeig*, entbloss*, enthull*,
        montre, montrer, montrez, exhib*, devoil*, decouvr*,
        muestra*, mostrar*, muestrame, ensena*, ensenar*, descubr*,
        mostra*, mostrami, espon*, scopr*, esib*
    """,
    # --------------------------------------------------------------------- sexual content
    # Sexual on their own.
    "sexual.alone": """
        intercourse, coitus, geschlechtsverkehr, beischlaf,
        porn*, pron, xxx, nsfw, hentai, sex, sexe, sexo, sesso, sexual, sexuel, sexuelle,
        sexuels, sexuelles, sexuell, sexuellen, sexueller, sexuales, sessuale, sessuali,
        sextape*, sex tape*, blowjob*, blow job*, handjob*, hand job*, cumshot*, creampie*,
        orgasm*, orgie*, orgy, orgies, orgia*, masturb*, onanier*, ejaculat*, ejakul*,
        eyacul*, eiacul*, erotic*, erotik*, erotisch*, erotique*, erotico*, erotica*, eroti*,
        nudity, nudite, nudita, desnudez, nacktheit, nacktbild*, nacktfoto*, nacktvideo*,
        nacktaufnahme*, nudes, send nudes, noodz, nudez, nudies, striptease*, strip-tease*,
        spogliarell*, stripper*,
        lap dance*, lapdance*, onlyfans, deepnude*, nudify*, nudifier, bdsm, bondage,
        threesome*, gangbang*, gang bang*, dildo*, sex toy*, anal, have sex, having sex,
        had sex, make love, making love, faire l'amour, hacer el amor, fare l'amore,
        liebe machen, sex haben, fellation*, camgirl*, sexual abuse
    """,
    # Nudity, undressing and sexualised looks: sexual when aimed at a person.
    "sexual.near": """
        version hot, hot version, en mode hot, mode hot, mas hot, versione hot, make her hot,
        make him hot,
        obenrum frei, obenrum nackt,
        birthday suit, tenue d'eve, costume d'adam, en tenue d'adam, traje de adan, traje de eva,
        como dios la trajo al mundo, como dios lo trajo al mundo, come mamma l'ha fatta,
        come mamma l'ha fatto, adamskostum, evaskostum,
        underwear, undies, g-string, completely bare, totally bare, fully bare, bare naked,
        en petite tenue, in just her underwear, in only her underwear,
        naked, nude, topless, bottomless, unclothed, undress, undresses, undressing,
        undressed, disrobe*, without clothes, without clothing, without any clothes,
        no clothes, nothing on, in the nude, in her underwear, in his underwear,
        in underwear, in lingerie, lingerie, panties, sexy, seductive*, sensual*,
        pants down, pull down his pants, pull down her pants, pull his pants down,
        pull her pants down, trousers down, lift her skirt, lift up her skirt, lift her shirt,
        lift up her shirt, lift her top, hose runter, hosen runter, top runter, rock hoch,
        souleve sa jupe, souleve son t-shirt, desvist*, se desvista, levante la falda,
        subirse la falda, alzare la gonna, alza la gonna, alzare la maglietta, alza la maglietta,
        wet t-shirt, spread legs, spread her legs, legs spread, bra and panties, in a bra,
        in her bra, half naked, wearing nothing, wears nothing, wear nothing, nothing but a towel,
        nackt, nackte, nackten, nackter, nacktes, nacktem, nackig*, oben ohne, unten ohne,
        entkleid*, ohne kleidung, ohne klamotten, ohne kleider, in unterwasche, unterwasche,
        in dessous, reizwasche, hoschen, im bh,
        verfuhrerisch*, aufreizend*, halbnackt*, splitternackt*, lasziv*,
        nu, nue, nus, nues, toute nue, tout nu, a poil, deshabill*, denude*, devetu*,
        sans vetements, sans vetement, sans habits, seins nus, en sous-vetements,
        sous-vetements, en culotte, en string, en soutien-gorge, seduisant*, sensuel*,
        aguicheu*, lascive*, seins a l'air,
        desnud*, en pelotas, sin ropa, en ropa interior, ropa interior, lenceria,
        en bragas, en tanga, sin sujetador, en sujetador, seductor*, seductora*, en cueros,
        nudo, nuda, nudi, tutto nudo, tutta nuda, spogli*, svesti*, senza vestiti,
        senza veli, in intimo, in mutande, in mutandine, in reggiseno, in perizoma,
        biancheria intima, seducente*, sensuale*, provocante*, mezza nuda
    """,
    # Sexual acts aimed at someone.
    "sexual.object": """
        fuck, fucks, fucking, fuck*, rape, rapes, raping, grope,
        gropes, groping, fondle, fondles, fondling,
        fick, ficke, ficken, fickt, vergewaltige, vergewaltigen,
        baise, baiser, baisent, violer, viole,
        follar, follarla, follarlo, follala, follalo, follando, violar, violarla, manosea, manosear,
        scopare, scopala, scoparla, scopa, violentare, violentarla, stuprare, stuprala
    """,
    # Undressing said with the person right next to it ("make her strip", "sie ausziehen").
    "sexual.adjacent": """
        strippen, strippt,
        strip, strips, stripping, ausziehen, ausgezogen, auszuziehen
    """,
    # Sexual acts aimed at someone, in forms that name the victim's side or are unambiguous.
    "sexual.near_act": """
        raped, molest*, rapist, gefickt, vergewaltig*, begrapsch*, betatsch*, befummel*,
        baisee, violee, violees, viol, tripote*, pelote*, violada, violacion, manoseada,
        stupro, stuprata, violentata, palpeggi*, molestat*
    """,
    # ------------------------------------------------------------------- minors, sexual
    "minors.alone": """
        child porn*, kiddie porn*, kinderporno*, kinderpornografie, pedopornogra*,
        pornografia infantil, pornographie infantile, pornografia minorile, pedo, pedos,
        pedophile, pedophiles, pedophilia, pedophilie, paedophile, paedophiles, padophil*,
        pedofilo, pedofila, pedofili, pedofilia, lolicon, shotacon, csam, jailbait, jail bait,
        child sex*, kindersex, sexo infantil
    """,
    # ----------------------------------------------------------------------------- violence
    "violence.alone": """
        saltare il cervello, a criar malvas, mandalo a criar malvas, pushing up daisies,
        manger les pissenlits par la racine, die radieschen von unten,
        blow his brains out, blow her brains out, blow their brains out, sauter la cervelle,
        volarle la cabeza, volarle los sesos, saltare le cervella, hirn wegpusten,
        pegale un tiro, pegarle un tiro, dale un tiro, dispararle en la cabeza,
        massacr*, massaker*, masacr*, bloodbath, blutbad, bain de sang, bano de sangre,
        bagno di sangue, gemetzel*, carnage, carneficin*, gore, gory, gruesome, dead body,
        dead bodies, corpse*, leiche*, cadavre*, cadaver*, school shooting*, mass shooting*,
        amoklauf*, shooting spree, killing spree, firing squad, genocide, genozid*,
        volkermord*, genocid*, severed head*, beheading*, snuff film*, snuff video*,
        execution video*, public execution*, decapitated head*,
        abgetrennte* kopf*, tete coupee, cabeza cortada, testa mozzata, blood everywhere,
        blood all over, covered in blood, blutuberstromt*, couvert de sang, couverte de sang,
        cubierto de sangre, cubierta de sangre, coperto di sangue, coperta di sangue
    """,
    # Acts that are violent whoever they are aimed at, as long as it is a person.
    "violence.near": """
        shot in the {body}, shot in {poss} {body}, angeschossen, abgeknallt, abknallen,
        knall ihn ab, balle dans la {body}, balle dans le {body}, balle dans {poss} {body},
        bala en la {body}, bala en el {body}, disparo en la {body}, disparo en el {body},
        proiettile nella {body}, proiettile nel {body}, sparato al {body}, sparata al {body},
        sparato alla {body}, sparata alla {body}, kugel in die {body}, kugel in den {body},
        murdered, behead*, decapit*, dismember*, mutil*, disembowel*, eviscerat*, stab, stabs,
        stabbed, stabbing, stabbings, slaughter*, strangl*, tortur*, lynch*, impale*,
        impaling, crucify, crucified, crucifies, crucifying, electrocut*, beaten to death,
        stoned to death, burned alive, burnt alive, burned to death, shot dead,
        shot in the head, gunned down, killed, assassinate, assassinated, assassination,
        noose, noeud coulant, cappio, torn apart, ripped apart, blown apart, butchered,
        slit * throat, slit the throat, cut * throat, cut off * head*, beat * to death,
        bullet in * head, bullet through * head, gun to * head, bleed out, bled out, bleeding out,
        bleed to death, bled to death, bleeding to death, verblut*, kugel in den kopf,
        balle dans la tete, saigner a blanc, desangr*, un tiro en la cabeza, pegale un tiro,
        bala en la cabeza, dissangu*, pallottola in testa, proiettile in testa,
        colpo in testa,
        ermord*, mord, morden, mordet, enthaupt*, gekopft, kopft, verstummel*,
        zerstuckel*, zerstuckl*, zerstuckle, erstech*, ersticht, erstich, erstoch*, abstech*,
        abgestochen, niedergestochen, abschlacht*, abgeschlachtet, folter*, gefoltert,
        erwurg*, erdrossel*, erschiess*, erschoss*, hinricht*, hingerichtet, gelyncht,
        getotet, umgebracht, totgeschlagen, totschlag*, zusammengeschlagen, verprugel*,
        erhangt, erhangen, erhang*, verreck*,
        tuee, tues, tuees, assassiner, assassine, assassinee, assassinat, egorg*,
        poignarder, poignarde, poignardee, poignardez, demembr*, etrangl*, fusiller,
        fusille, fusillee, fusillez,
        brule vif, brule vive, bruler vif, bruler vive, eventr*, lapid*, tabass*,
        roue de coups,
        matado, matada, asesinar, asesina, asesinado, asesinada, asesinato, asesinalo,
        asesinala, degoll*, deguella*, apunal*, acuchill*, descuartiz*, desmembr*,
        estrangul*, ahorcad*, fusilar, fusila, fusilado, fusilada, fusilen, fusilamiento,
        linch*, quemado vivo, quemada viva,
        quemar vivo, quemar viva, quema vivo, quema viva, apalead*,
        ucciso, uccisa, uccisi, uccise, ammazzat*, sgozz*, accoltell*, pugnalare, pugnala,
        pugnalato, pugnalata, pugnalalo, pugnalala, smembr*, squart*, strangol*, impiccat*,
        fucilat*, linciare, linciato, linciata, linciaggio, assassinare, assassinato,
        assassinata, bruciato vivo, bruciata viva, bruciare vivo, bruciare viva, brucia vivo,
        brucia viva, strozz*
    """,
    # Acts that are violent when a person is their object ("kill him", not "kill the lights").
    "violence.object": """
        set on fire, set fire to, sets fire to, light on fire, zunde an, zunde die, anzunden,
        anzuzunden, in brand stecken, mets le feu a, mets le feu aux, mettre le feu a,
        mettre le feu aux, prende fuego a, prender fuego a, prendele fuego, dale fuego a,
        dai fuoco a, dai fuoco alle, dai fuoco ai, dare fuoco a, dare fuoco alle, da fuoco a,
        abstechen, absticht, abgestochen, erstechen, ersticht, erstochen,
        kill, kills, killing, unalive*, murder, murders, murdering, shoot, shoots, shooting,
        execute, executes, executing, hang, hangs, hanging, hanged, burn, burns, burning, burned,
        burnt, choke, chokes, choking, drown, drowns, drowning, butcher, gun down, blow up,
        blows up, blowing up, beat up, beats up, beating up, cut off, run over, decapitate,
        chop off, chops off, chopping off, hack off, hacks off, saw off, smash, smashes,
        smashing, crush, crushes, crushing, bash, bashes, bashing, shatter, break, breaks,
        breaking, broke,
        stich, sticht, stechen, steche, tote, totet, schiess, schiesst, schiessen, schiesse,
        kopfe, kopfen, hang, hange, hangt, spreng*, zertrummer*, zerschmetter*,
        tue, tuer, tuez, bute, buter, butez, butent, abattre, abats, abat, tire, tirer, tirez,
        pend, pends, pendre, pendez,
        brule, bruler, brulez, noie, noyer, etouffe*, egorge, fracasse*, ecrase*, casse,
        mets le feu a, met le feu a,
        mata, matar, mate, maten, matad, matalo, matala, dispara, disparar, dispare,
        disparen, disparale, ahorca, ahorcar, quema, quemar, ahoga, ahogar, aplasta*,
        destroza*, romper, rompele, prende fuego a, prendele fuego,
        uccidi, uccidere, uccide, uccidilo, uccidila, ammazza, ammazzare, ammazzalo,
        ammazzala, spara, sparare, sparate, sparagli, sparale, impicca, impiccare, brucia,
        bruciare, annega, annegare, soffoca, soffocare, spacca*, sfascia*, frantuma*,
        schiaccia*, rompi, rompigli, dai fuoco a, dagli fuoco, dalle fuoco
    """,
    # The same acts, said with a camera: vetoed when the sentence is about photos or film.
    "shoot": """
        shoot, shoots, shooting, schiess, schiesst, schiessen, schiesse, tire, tirer, tirez,
        dispara, disparar, dispare, disparen, disparale, spara, sparare, sparate, sparagli,
        sparale
    """,
    # Violent when a person is right next to them ("make him bleed", "his head explode").
    "violence.adjacent": """
        toten, hangen, aufhang*, verbrenn*, ertrank*, ersauf*, umbringen, erstechen, erschlagen,
        bleed, bleeds, bleeding, bled, explode, explodes, exploding, exploded,
        blutet, bluten, blutend, blutende, blutenden, explodier*,
        saigne, saigner, saignent, saignant, saignante, explose, exploser, explosent,
        sangra, sangrar, sangrando, sangrante, explota, explotar, exploten, revienta,
        sanguina, sanguinare, sanguinando, sanguinante, esplod*
    """,
    # Blood: violent near a person, unless it names a colour or a moon.
    "violence.blood": """
        blood, bloody, bloodied, blood-soaked, bloodsoaked,
        blut, blutig*, blutverschmiert*,
        du sang, de sang, le sang, en sang, sang partout, ensanglant*, sanglant*,
        sangre, sangrient*, ensangrentad*,
        sangue, sanguinolent*, insanguinat*
    """,
    # Beating, kicking, stoning: violent "to death" ("beat the homeless man to death").
    "beat": """
        beat, beats, beating, beaten, kick, kicks, kicking, kicked, stomp*, stone, stoned,
        stoning, club, clubbed, whip, whipped, batter, battered, burn, burned, burnt, starve,
        starved, pruegel*, prugel*, schlag*, geschlagen, tritt, getreten, frapp*, batt*,
        golpe*, golpea*, pate*, apedre*, picchi*, pest*, prend* a calci
    """,
    "to_death": """
        to death, zu tode, a mort, a muerte, hasta la muerte, a morte, fino alla morte
    """,
    # Throats, necks and heads: cutting them is violence ("cut his throat", "córtale el cuello").
    "throat": """
        throat, throats, neck, kehle, gurgel, hals, gorge, cou, garganta, cuello, gola, collo
    """,
    "head": "head, kopf, tete, cabeza, testa",
    # Dying as the aim ("jump from the roof to die", "se jette sous un train pour mourir").
    "to_die": """
        to die, so she dies, so he dies, pour mourir, para morir, per morire, um zu sterben
    """,
    "leap": """
        jump*, leap*, swallow*, throw himself, throw herself, spring*, schluck*, sturz*,
        jette, jeter, saute, sauter, avale*, salta*, tira, tirarse, traga*, butta*,
        buttarsi, ingoia*
    """,
    # Throwing or pushing someone from a height: violent when a person or an animal is the
    # object and a height is in the sentence ("push him off the balcony", "il gatto lancialo
    # giù dal balcone"), not when it is confetti or a ball.
    "hurl": """
        throw, throws, throwing, threw, thrown, push, pushes, pushing, pushed, shove, shoves,
        shoved, shoving, toss, tosses, tossed, tossing, hurl, hurls, hurled, kick, kicks, kicked,
        fling, flings, flung,
        wirf, werfen, wirft, schmeiss, schmeissen, schmeisst, stoss, stossen, stosst,
        schubs, schubsen, schubst, geworfen, gestossen, geschubst, fliegen, fliegt, fliegen lassen,
        jette, jeter, jetez, jettent, pousse, pousser, poussez, balance, balancer, balancez,
        lance, lancer, lancez, defenestr*,
        tira, tirar, tiralo, tirala, tiren, empuja, empujar, empujalo, empujala, empujen, lanza,
        lanzar, lanzalo, lanzala, avienta, aventar, arroja, arrojar, arrojalo, arrojala,
        butta, buttare, buttalo, buttala, buttate, spingi, spingere, spingilo, spingila,
        lancia, lanciare, lancialo, lanciala, getta, gettare, gettalo, gettala, scaraventa*
    """,
    "height": """
        balcony, balconies, roof, rooftop, window, bridge, cliff, tower, skyscraper, floor,
        storey, story, stairs, staircase,
        balkon, dach, fenster, brucke, klippe, turm, hochhaus, stock, stockwerk, treppe,
        kirchturm*, glockenturm*, fernsehturm*, aussichtsturm*, dachterrasse*,
        balcon, toit, fenetre, pont, falaise, tour, etage, escalier,
        balcon, techo, tejado, azotea, ventana, puente, acantilado, torre, piso, escalera,
        balcone, tetto, terrazzo, finestra, ponte, scogliera, torre, piano, grattacielo, scale
    """,
    # Tearing out eyes or tongues ("arráncale los ojos", "gouge out his eyes").
    "tear": """
        gouge*, rip out, rips out, ripping out, tear out, tears out, tearing out, reiss*,
        arrache*, arranca*, strappa*, cava*
    """,
    "tear_body": """
        eye, eyes, tongue, heart, nails, teeth, auge, augen, zunge, herz, zahne, oeil, yeux,
        langue, coeur, dents, ongles, ojo, ojos, lengua, corazon, dientes, unas, occhio,
        occhi, lingua, cuore, denti, unghie
    """,
    # Cutting one's own skin with a razor.
    "razor": """
        razor*, blade*, rasierklinge*, klinge*, lame de rasoir, rasoir*, cuchilla*, navaja*,
        lametta*, rasoio*
    """,
    "limbs": """
        arm, arms, thigh, thighs, leg, legs, skin, arme, oberschenkel, beine, haut, bras,
        cuisses, jambes, peau, brazos, muslos, piernas, piel, braccia, cosce, gambe, pelle
    """,
    # Blades and where they kill ("plante un couteau dans son cœur").
    "blade": """
        knife, knives, dagger, blade, sword, machete, axe, messer, dolch, klinge, schwert,
        axt, couteau, poignard, lame, epee, hache, cuchillo, navaja, punal, espada, hacha,
        coltello, pugnale, lama, spada, ascia
    """,
    "vital": """
        heart, throat, neck, chest, belly, stomach, back, eye, eyes, herz, kehle, hals,
        brust, bauch, rucken, auge, augen, coeur, gorge, cou, poitrine, ventre, dos, oeil,
        yeux, corazon, garganta, cuello, pecho, vientre, estomago, espalda, ojo, ojos, cuore,
        gola, collo, petto, pancia, stomaco, schiena, occhio, occhi
    """,
    # ---------------------------------------------------------------------------- self-harm
    "self_harm.alone": """
        end it all, ending it all, en finir avec la vie, farla finita,
        me foutre en l'air, se foutre en l'air, te foutre en l'air, m'oter la vie,
        me quitar la vida, quitarme la vida, togliermi la vita, mi tolgo la vita,
        mir das leben nehmen, nehm mir das leben, take my own life, end my own life,
        me hanging, hanging myself, hang myself, me hanging from, me corto las venas,
        me corto los brazos, me ahorco, me tiro del, ich springe vom, vom dach springe,
        vom dach springen, ich erhange mich, je me coupe les veines, je me pends,
        je saute du toit, mi taglio le vene, mi impicco, mi butto dal, mi butto giu,
        se quite la vida, quitate la vida, se quito la vida, gun in his mouth, gun in her mouth,
        gun in my mouth, gun in their mouth,
        suicide*, suicidal, suicid*, selbstmord*, suizid*, selbstmorder*, self-harm*,
        self harm*, selfharm*, self-injur*, self injur*, self-mutilat*, selbstverletz*,
        automutil*, scarification*, scarifier, se scarifier, me scarifier, te scarifier,
        autolesion*, sewerslide*, kill yourself, kys, kill myself,
        end his life, end her life, end their life, end my life, end his own life,
        end her own life, take his own life, take her own life, take their own life,
        took his own life, took her own life, se tire une balle, se tirer une balle,
        s'est tire une balle, se pega un tiro, pegarse un tiro, si spara un colpo,
        jag dir eine kugel, overdose*, uberdosis, surdose*, sobredosis,
        sich das leben nehmen, nimmt sich das leben, sich umbringen, bringt sich um,
        bring dich um, mettre fin a ses jours, met fin a ses jours, se donner la mort,
        se donne la mort, quitarse la vida, se quita la vida, togliersi la vita,
        si toglie la vita, ahorcarse, ahorcate, ahorcandose, matarse, matate, matandose,
        apunalarse, envenenarse, dispararse, impiccarsi, impiccati, impiccandosi,
        uccidersi, ucciditi, uccidendosi, pugnalarsi, avvelenarsi, spararsi
    """,
    # Harm that is self-harm when aimed at oneself ("cut herself", "sich erhängen").
    "self_harm.verb": """
        cut, cuts, cutting, hang, hangs, hanging, hanged, kill, kills, killing, killed, unalive*,
        shoot, shoots, shooting, shot, stab, stabs, stabbing, stabbed, burn, burns, burning,
        burned, drown, drowns, drowning, harm, harms, harming, poison*, strangle*, starve*,
        suffocate*, electrocute*,
        erhang*, erhangt, hangt, hange, totet, tote, toten, erschiesst, erschiessen,
        erschoss*, vergift*, ritzt, ritzen, ritze,
        pend, pendre, pendu, pendue, tue, tuer, tuee, poignarde*, empoisonne*,
        ahorc*, ahorqu*, mata, mato, mate, maten, apunala, dispara, envenena,
        impicc*, uccide, pugnala, spara, avvelena
    """,
    # Cutting into wrists or veins.
    "veins": """
        wrist, wrists, vein, veins, pulsader*, handgelenk*, veine, veines, poignet, poignets,
        vena, venas, muneca, munecas, vene, polso, polsi
    """,
    # Cutting: into wrists, veins or one's skin (self-harm), or throats and heads (violence).
    "cut": """
        corten, cortenle,
        cut, cuts, cutting, slit, slits, slitting, slash*, open, opens, opening, chop, chops,
        chopping, chopped, hack, hacks, hacking, hacked, sever, severs, severed, severing,
        schlag, schlage, schlagt,
        aufschneid*, schneid*, aufritz*, ritz*, aufgeschnitten,
        taille*, tailler, taillad*, coupe, couper, coupe*, ouvr*, scarifi*,
        corta*, cortar*, corte, cortandose, abre, abrir*, rajar*,
        taglia, tagli*, apre, aprire
    """,
    # ---------------------------------------------------------------------------------- hate
    # Extremist symbols, gestures and organisations.
    "hate.alone": """
        swastika*, svastika*, svastica*, esvastica*, hakenkreuz*, croix gammee*, 卐, 卍,
        reichskriegsflagge*, the n word, n word, n-word, nigger*, negro de mierda,
        ss rune*, ss-rune*, sig rune*, sigrune*, runes ss, rune ss, runen der ss,
        rune delle ss, runas de las ss, runas ss, runes de la ss, runes des ss, waffen ss,
        waffen-ss, reichskriegsflagge*, sieg heil, heil hitler, hitlergruss*,
        hitler gruss, deutscher gruss, hitler salute, nazi salute, salut nazi,
        salut hitlerien, saludo nazi, saludo hitleriano, saludo fascista, saluto nazista,
        saluto nazi, saluto romano, saluto fascista, roman salute, fascist salute, kkk,
        ku klux klan, klan, klansman, klansmen, klan robe*, klan hood*, burning cross*,
        cross burning, brennendes kreuz, croix enflammee, cruz en llamas, croce in fiamme,
        white power, 1488, zyklon b, ethnic cleansing, schwarze sonne, sonnenrad,
        auslander raus, auslaender raus, moros fuera, inmigrantes fuera, stranieri fuori,
        dehors les immigres, foreigners out, refugees not welcome,
        ethnische sauberung, nettoyage ethnique, limpieza etnica, pulizia etnica
    """,
    "nazi": "nazi, nazis, nazista, nazisti, neonazi*, neo-nazi*, ss",
    "nazi_thing": """
        flag, flags, uniform, uniforms, symbol, symbols, armband, salute, rally, propaganda,
        officer, insignia, helmet, fahne, flagge, symbol, armbinde, gruss, offizier,
        drapeau, uniforme, symbole, brassard, salut, officier, bandera, simbolo, brazalete,
        saludo, oficial, bandiera, divisa, fascia, saluto, ufficiale
    """,
    "hate.slur": """
        nigger*, nigga*, kike, kikes, faggot*, chink, chinks, spic, spics, wetback*,
        raghead*, towelhead*, sandnigger*, tranny, trannies,
        neger, negerin, kanake, kanaken, schwuchtel*,
        bougnoule*, youpin*, youpine*,
        sudaca, sudacas, maricon, maricones, negrata*,
        frocio, froci, negri
    """,
    # Calls to hurt or drive out a group, and words that make people into vermin.
    "call": """
        kill, murder, gas, exterminate, eradicate, wipe out, deport, expel, eliminate, burn,
        hang, lynch, shoot, get rid of, death to, hate,
        toten, tote, totet, vergasen, vergast, ausrotten, ausgerottet, vernichten,
        vernichtet, abschieben, deportieren, tod den, tod allen, weg mit, hangen, verbrennen,
        erschiessen, hasse, hassen,
        tuer, tuez, gazer, exterminer, exterminez, eradiquer, expulser, deporter, mort aux,
        mort a, a mort, bruler, pendre, eliminer, deteste, hais,
        matar, maten, gasear, exterminar, erradicar, expulsar, deportar, muerte a,
        muerte al, muerte a los, quemar, ahorcar, eliminar, odio,
        uccidere, uccidete, gasare, gassare, sterminare, sterminate, sradicare, espellere,
        deportare, morte agli, morte ai, morte a, bruciare, impiccare, eliminare
    """,
    # "Out": only right next to the group ("Ausländer raus", "immigrants out").
    "out": "out, raus, dehors, fuera, fuori",
    "dehuman": """
        vermin, rats, cockroaches, parasites, animals, apes, monkeys, subhuman*, sub-human*,
        ungeziefer, ratten, parasiten, untermensch*, tiere, affen,
        vermine, cafards, rats, sous-hommes, animaux, singes,
        alimanas, ratas, cucarachas, parasitos, animales, monos, infrahumanos, subhumanos,
        parassiti, ratti, scarafaggi, animali, scimmie, subumani,
        terrorists, criminals, terroristen, verbrecher, terroristes, criminels, terroristas,
        criminales, terroristi, criminali
    """,
    # ------------------------------------------------------------------------ real people
    # Real people named by their office, not their name ("the German chancellor", "le pape").
    # Not "papa" (Italian and Spanish for dad) nor a bare "king" or "queen" (games, chess).
    "role": """
        us president, u s president, american president, president of the united states, potus,
        the president, vice president, german chancellor, the chancellor, prime minister,
        the pope, first lady, french president, russian president, ukrainian president,
        chinese president, the king of spain, the king of england, the queen of england,
        bundeskanzler*, kanzler, kanzlerin, der papst, den papst, dem papst, papst,
        bundesprasident*, us-prasident*, us prasident*, prasident*, ministerprasident*,
        premierminister*, konig von, konigin von,
        le president, la presidente, president de la republique, president americain,
        premier ministre, premiere ministre, le pape, chancelier, chanceliere, le roi d espagne,
        el presidente, la presidenta, presidente del gobierno, presidente de los estados unidos,
        presidente de estados unidos, primer ministro, primera ministra, canciller,
        el rey de espana, el santo padre, sumo pontifice,
        il presidente, la presidente, presidente della repubblica, presidente del consiglio,
        presidente americano, presidente degli stati uniti, cancelliere, il pontefice,
        santo padre, il premier, la premier
    """,
    # Well-known people: heads of state and government, politicians, public figures.
    "name": """
        joe biden, biden, donald trump, trump, barack obama, obama, michelle obama,
        kamala harris, hillary clinton, bill clinton, george w bush, george bush,
        vladimir putin, putin, volodymyr zelensky, zelensky, zelenskyy, selenskyj, zelenski,
        wolodymyr selenskyj, xi jinping, jinping, kim jong un, kim jong-un, narendra modi,
        recep tayyip erdogan, erdogan, benjamin netanyahu, netanyahu, emmanuel macron,
        macron, brigitte macron, marine le pen, jordan bardella, bardella, nicolas sarkozy,
        sarkozy, francois hollande, olaf scholz, scholz, angela merkel, merkel,
        friedrich merz, merz, markus soder, robert habeck, habeck, annalena baerbock,
        baerbock, alice weidel, weidel, frank-walter steinmeier, steinmeier, giorgia meloni,
        meloni, sergio mattarella, mattarella, silvio berlusconi, berlusconi, mario draghi,
        draghi, matteo salvini, salvini, elly schlein, giuseppe conte, pedro sanchez,
        santiago abascal, isabel diaz ayuso, king felipe, rey felipe, felipe vi,
        king charles, konig charles, roi charles, re carlo, prince harry, prince william,
        meghan markle, kate middleton, keir starmer, starmer, rishi sunak, sunak,
        boris johnson, justin trudeau, trudeau, javier milei, milei, lula da silva,
        nicolas maduro, viktor orban, ursula von der leyen, von der leyen, pope francis,
        papst franziskus, pape francois, papa francisco, papa francesco, pope leo,
        papst leo, pape leon, papa leon, papa leone, greta thunberg, thunberg, jd vance,
        elon musk, mark zuckerberg, zuckerberg, jeff bezos, bezos, bill gates, sam altman,
        taylor swift, beyonce, rihanna, shakira, lady gaga, billie eilish, ariana grande,
        selena gomez, justin bieber, bieber, kim kardashian, kardashian, kylie jenner,
        kanye west, ed sheeran, sheeran, harry styles, dua lipa, miley cyrus, katy perry,
        oprah winfrey, oprah, tom cruise, brad pitt, angelina jolie, leonardo dicaprio,
        dicaprio, scarlett johansson, emma watson, jennifer lawrence, margot robbie, zendaya,
        timothee chalamet, chalamet, keanu reeves, dwayne johnson, will smith, johnny depp,
        tom hanks, morgan freeman, penelope cruz, antonio banderas, javier bardem,
        bad bunny, cristiano ronaldo, ronaldo, lionel messi, messi, kylian mbappe, mbappe,
        neymar, lebron james, serena williams, roger federer, federer, rafael nadal,
        novak djokovic, djokovic, zinedine zidane, zidane, helene fischer, heidi klum,
        omar sy, lea seydoux, marion cotillard, monica bellucci, bellucci, laura pausini,
        sophia loren, chiara ferragni, ferragni, jannik sinner, fedez, rosalia vila,
        adolf hitler, hitler
    """,
    "first": """
        john, james, michael, david, robert, william, richard, joseph, thomas, charles,
        christopher, daniel, matthew, anthony, mark, steven, paul, andrew, joshua, kevin,
        brian, george, edward, peter, jack, harry, oliver, noah, liam, ethan, mary, patricia,
        jennifer, linda, elizabeth, barbara, susan, jessica, sarah, karen, nancy, lisa,
        betty, sandra, ashley, emily, emma, olivia, sophia, isabella, charlotte, amelia,
        hannah, chloe, lucy, kate, anna, julia, laura, sophie, alice,
        hans, klaus, stefan, jurgen, wolfgang, michael, andreas, markus, tobias, lukas,
        jonas, felix, maximilian, sebastian, florian, uwe, dieter, helmut, sabine, ursula,
        monika, petra, andrea, claudia, katrin, lena, lea, mia, leonie, johanna, franziska,
        jean, pierre, jacques, michel, philippe, francois, nicolas, julien, louis, lucas,
        hugo, antoine, thomas, marie, sophie, camille, claire, julie, isabelle, nathalie,
        catherine, chloe, manon, juliette, lea,
        juan, jose, carlos, luis, javier, miguel, pedro, pablo, jorge, alejandro, antonio,
        manuel, francisco, david, diego, sergio, maria, carmen, lucia, ana, isabel, elena,
        marta, sofia, paula, laura, cristina,
        mario, giuseppe, marco, luca, giovanni, paolo, alessandro, andrea, francesco,
        matteo, lorenzo, davide, stefano, roberto, francesca, giulia, chiara, sara, martina,
        elena, alessandra, valentina, federica, silvia
    """,
    "title": """
        mr, mrs, ms, dr, president, prasident, prasidentin, presidente, presidenta,
        chancellor, kanzler, kanzlerin, senator, minister, ministre, ministro, premier,
        prime minister, governor, mayor, burgermeister, maire, alcalde, sindaco, king, konig,
        roi, rey, queen, konigin, reine, reina, regina, prince, prinz, principe, princess,
        prinzessin, princesse, princesa, principessa, monsieur, madame, senor, senora,
        signor
    """,
    "causative": """
        make, makes, making, let, lets, have, get,
        lass, lasse, lassen, lasst, mach, macht,
        fais, faites, faire, fait,
        haz, hacer, haga, hagan, deja, dejad,
        fai, fate, fare, faccia, lascia, lasciate
    """,
    # Things a person can be made to do or say.
    "action": """
        snort*, sniff*, sniffer, sniffant, koks*, kokst, kiffen, kifft, esnif*, pipp*,
        smoking crack, doing coke, doing drugs, drunk, besoffen, betrunken, ivre, borracho,
        borracha, ubriaco, ubriaca, arrested, verhaftet, arrete, arretee, detenido, detenida,
        arrestato, arrestata, in handcuffs, in handschellen, menottes, esposado, esposada,
        ammanettato, ammanettata, in manette, in carcere, in prigione, en prison,
        im gefangnis, in jail, behind bars, en la carcel, hinter gittern,
        say, says, saying, said, tell, tells, telling, speak*, talk*, announc*, declar*,
        admit*, confess*, promis*, endors*, prais*, insult*, apologi*, resign*, sing, sings,
        singing, dance, dances, dancing, kiss, kisses, kissing, hug, hugs, hugging, laugh*,
        cry, cries, crying, wave, waves, waving, wink*, smile, smiles, smiling, shout*,
        scream*, whisper*, eat, eats, eating, drink, drinks, drinking, smok*, walk*, run,
        runs, running, fight*, punch*, slap*, strip*, undress*, vote*, sign, signs, signing,
        hold*, wear*, do, does, doing, perform*, pose, poses, posing, rap, rapping, twerk*,
        fall, falls, falling, trip, trips, tripping, nod*, blink*, lip sync*, lipsync*,
        shake hands, shaking hands, confess*, deny, denies, lie, lies, lying,
        sag, sage, sagen, sagt, spricht, sprechen, sprich, rede*, erzahl*, verkund*, erklar*,
        gesteh*, zugeben, gibt zu, sing*, tanz*, kuss*, umarm*, lach*, wein*, wink*,
        zwinker*, lachel*, ruf*, schrei*, flust*, essen, isst, trink*, rauch*, geh*, lauf*,
        kampf*, schlag*, unterschreib*, trag*, posier*, stolper*, fall*, lug*, zurucktrit*,
        dire, dit, dis, disent, parle*, raconte*, annonce*, declare*, avoue*, chante*,
        danse*, embrasse*, rit, rire, rient, pleure*, salue*, sourit, sourire, crie*,
        chuchote*, mange*, boit, boire, fume*, marche*, court, courir, frappe*, signe*,
        porte*, pose*, tombe*, vote*, ment, mentir, demissionne*,
        decir, diga, dice, dijo, digan, hable*, habla*, anunci*, declar*, admit*, confies*,
        confiesa*, cante, canta*, baile, baila*, bese, besa*, abrace, abraza*, ria, rie,
        reir, llore, llora*, salude, saluda*, guine, guina*, sonria, sonrie, sonreir,
        grite, grita*, coma, come, comer, beba, bebe, beber, fume, fuma*, camine, camina*,
        corra, corre, correr, pelee, pelea*, golpee, golpea*, firme, firma*, lleve, lleva*,
        posa*, caiga, cae, vota*, mienta, miente, dimita, dimite,
        dica, dicono, parli, parla*, racconti, racconta*, annunci*, dichiar*, ammett*,
        confess*, cant*, ball*, baci*, abbracci*, ridere, ride, rida, piang*, salut*,
        strizz*, sorrid*, url*, grid*, mangi*, bev*, fum*, cammin*, corr*, combatt*,
        picchi*, firm*, indoss*, pos*, cad*, vot*, ment*, dimett*
    """,
    "deepfake": "deepfake*, deep fake*, face swap*, faceswap*",
    # ------------------------------------------------------------- ordinary photo language
    # Phrases whose words would otherwise read as acts; no act is read inside them.
    "benign": """
        killing me, kills me, killed me, killed it, kills it, dead tired, dying of laughter,
        dying laughing, died laughing, lach mich tot, lache mich tot, lachen uns tot,
        bin so tot, bin total tot, bin voll tot, bin echt tot, m a tue, ca me tue, mort de rire,
        morte de rire, morts de rire, mort de fatigue, morte de fatigue, muerto de, muerta de,
        muertos de, me mata, me esta matando, me muero de, morto di, morta di, morto dal,
        morta dal, morti dal, mi fa morire, mi fai morire, muoio dal, muoio di, mi ammazza,
        mi sta uccidendo,
        corpse reviver*, killer burger*, hamburguesa asesina, blood donation, donated blood,
        blutspende, don du sang, donacion de sangre, donazione di sangue,
        break * * heart, broke * * heart, breaking * * heart, break * * * heart,
        break * heart, broke * heart, breaking * heart, broken heart*, heart break*, heartbreak*,
        crush on, crushing on, has a crush, a crush, break the ice, break a leg, breaking the ice,
        broke the ice,
        shooting star*, photo shoot*, photoshoot*, shoot the breeze, shoot up, shoots up,
        shooting up, hang out, hangs out, hanging out, hang on, hang around, hang glid*,
        killer whale*, killer sunset*, kill time, killing time, make a killing, killing it,
        dressed to kill, drop dead, blood orange*, blood moon*, blood red, bloody mary,
        naked eye, naked flame*, naked truth, comic strip*, light strip*, led strip*,
        film strip*, strip of, strip mall*, strip club*, torse nu, torso nudo, a torso nudo,
        pur sang, sang froid, sangre fria, sangue freddo, al gore, nudo en, nudo de,
        hacer un nudo, nudo marinero, un nudo, blow up the photo, blow up this photo,
        tire le portrait, tirer le portrait, blood donation, blood type, bloody brilliant,
        burning sun, burn the candle*, killed it, a stab at, stab of, strip the bed,
        king charles spaniel*, a poil long, a poil court, a poil ras, snuff out,
        broke my arm, broke my leg, broke my wrist, broke his arm, broke her arm, broken arm*,
        broken leg*, broken wrist*, arm gebrochen, bein gebrochen, bras casse, jambe cassee,
        brazo roto, pierna rota, braccio rotto, gamba rotta, bringt mich um, ich lach mich tot,
        me muero de risa, mort de rire, morte de rire, muoio dal ridere, mi fa morire,
        i'm dying, im dying, i'm dead, im dead,
        sex on the beach, fake blood, kunstblut, faux sang, sangre falsa, sangue finto,
        sangue falso, power ranger*, trump tower*,
        tu me tues, vous me tuez, tu vas me tuer, tu me fais mourir, corpse paint*,
        corpsepaint*, trucco da cadavere, maquillage cadavre, maquillage de cadavre,
        maquillaje de cadaver, leichenschminke, sexo en la playa, sexe sur la plage,
        sesso sulla spiaggia, a fait un carnage, ont fait un carnage, avait fait un carnage,
        sterbe vor, sterb vor, leichenwagen, bundeskanzleramt, kanzleramt, sterben vor, sterb vor,
        je meurs de faim, je meurs de rire, muoio di fame, me muero de hambre,
        fait massacrer, fais massacrer, faire massacrer, fait laminer, baiser du vampire,
        le baiser, un baiser, gros baiser, petit baiser
    """,
}
