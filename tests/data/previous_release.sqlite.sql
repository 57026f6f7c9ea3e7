BEGIN TRANSACTION;
CREATE TABLE accesslogentry (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	user_id INTEGER, 
	user_name VARCHAR(200) NOT NULL, 
	roles VARCHAR(200) NOT NULL, 
	channel VARCHAR(16) NOT NULL, 
	object_type VARCHAR(16) NOT NULL, 
	object_id INTEGER, 
	request_id INTEGER, 
	family_id INTEGER, 
	purpose VARCHAR(32) NOT NULL, 
	route VARCHAR(300) NOT NULL, 
	outcome VARCHAR(8) NOT NULL, 
	reason VARCHAR(64) NOT NULL, 
	client VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE assessment (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	revision_id INTEGER NOT NULL, 
	reviewer_id INTEGER NOT NULL, 
	criterion VARCHAR(64) NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	reasoning VARCHAR NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(reviewer_id) REFERENCES user (id)
);
CREATE TABLE auditevent (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor_id INTEGER, 
	actor VARCHAR(200) NOT NULL, 
	action VARCHAR(64) NOT NULL, 
	request_id INTEGER, 
	revision_id INTEGER, 
	revision_number INTEGER, 
	details JSON NOT NULL, 
	prev_hash VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(actor_id) REFERENCES user (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id)
);
INSERT INTO "auditevent" VALUES(1,'2026-11-02 09:00:00.000000',1,'Fatima el Amrani','case.created',NULL,NULL,NULL,'{"case_id": 1, "family_id": 1}','0000000000000000000000000000000000000000000000000000000000000000','8b922a7508e2d23affa8e2be92e242418d66b58ebf2e555a7f8d447650b9e487');
INSERT INTO "auditevent" VALUES(2,'2026-11-02 09:00:00.000000',1,'Fatima el Amrani','request.created',1,1,1,'{"measure": "ots", "spoed": false}','8b922a7508e2d23affa8e2be92e242418d66b58ebf2e555a7f8d447650b9e487','3f684ff1106ea9d8959548175d61b2b3b62db4c129b0bdc8d124005193d8356f');
CREATE TABLE "case" (
	family_id INTEGER NOT NULL, 
	region_id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	id INTEGER NOT NULL, 
	owner_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(family_id) REFERENCES family (id), 
	FOREIGN KEY(region_id) REFERENCES region (id), 
	FOREIGN KEY(owner_id) REFERENCES user (id)
);
INSERT INTO "case" VALUES(1,1,'Noah',1,1,'2026-11-02 09:00:00.000000');
CREATE TABLE caseteammember (
	id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	role VARCHAR(100) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(case_id) REFERENCES "case" (id), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
INSERT INTO "caseteammember" VALUES(1,1,2,'zaakteam');
CREATE TABLE childvoice (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	heard BOOLEAN NOT NULL, 
	method VARCHAR NOT NULL, 
	obtained_by VARCHAR NOT NULL, 
	obtained_at DATETIME, 
	child_words VARCHAR NOT NULL, 
	professional_summary VARCHAR NOT NULL, 
	not_heard_reason VARCHAR NOT NULL, 
	explanation VARCHAR NOT NULL, 
	recorded_by INTEGER NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(recorded_by) REFERENCES user (id)
);
CREATE TABLE courtdocument (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	revision_id INTEGER NOT NULL, 
	revision_hash VARCHAR(64) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	path VARCHAR NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	size INTEGER NOT NULL, 
	verification_code VARCHAR(32) NOT NULL, 
	rendered_at DATETIME NOT NULL, 
	rendered_by INTEGER, 
	pdf_path VARCHAR NOT NULL, 
	pdf_sha256 VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (revision_id, kind), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(rendered_by) REFERENCES user (id)
);
CREATE TABLE declaredconflict (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	person_id INTEGER, 
	family_id INTEGER, 
	region_id INTEGER, 
	organisation VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	declared_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(family_id) REFERENCES family (id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
CREATE TABLE escalation (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	revision_id INTEGER NOT NULL, 
	decided_by INTEGER NOT NULL, 
	proceed BOOLEAN NOT NULL, 
	reasons VARCHAR NOT NULL, 
	decided_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(decided_by) REFERENCES user (id)
);
CREATE TABLE event (
	id INTEGER NOT NULL, 
	kind VARCHAR(64) NOT NULL, 
	request_id INTEGER, 
	created_at DATETIME NOT NULL, 
	processed_at DATETIME, 
	attempts INTEGER NOT NULL, 
	outcome VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id)
);
CREATE TABLE family (
	name VARCHAR(200) NOT NULL, 
	language VARCHAR(20) NOT NULL, 
	id INTEGER NOT NULL, 
	region_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
INSERT INTO "family" VALUES('Gezin Jansen','nl',1,1);
CREATE TABLE followuphearing (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	party_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	deadline DATETIME NOT NULL, 
	done_at DATETIME, 
	overdue_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	UNIQUE (party_id), 
	FOREIGN KEY(party_id) REFERENCES hearingparty (id)
);
CREATE TABLE hearingparty (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	person_id INTEGER NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	required BOOLEAN NOT NULL, 
	invited_at DATETIME, 
	invited_revision_id INTEGER, 
	channel VARCHAR NOT NULL, 
	proof VARCHAR NOT NULL, 
	deadline DATETIME, 
	responded_at DATETIME, 
	response_channel VARCHAR NOT NULL, 
	position VARCHAR NOT NULL, 
	response_text VARCHAR NOT NULL, 
	responded_by VARCHAR NOT NULL, 
	lapsed_at DATETIME, 
	added_by_indiener BOOLEAN NOT NULL, 
	capable BOOLEAN, 
	capability_note VARCHAR NOT NULL, 
	capability_assessed_by VARCHAR NOT NULL, 
	capability_assessed_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(invited_revision_id) REFERENCES requestrevision (id)
);
INSERT INTO "hearingparty" VALUES(1,1,1,'parent_gezag',1,NULL,NULL,'','',NULL,NULL,'','','','',NULL,0,NULL,'','',NULL);
INSERT INTO "hearingparty" VALUES(2,1,2,'parent_gezag',1,NULL,NULL,'','',NULL,NULL,'','','','',NULL,0,NULL,'','',NULL);
INSERT INTO "hearingparty" VALUES(3,1,3,'child',1,NULL,NULL,'','',NULL,NULL,'','','','',NULL,0,NULL,'','',NULL);
CREATE TABLE mailmessage (
	id INTEGER NOT NULL, 
	request_id INTEGER, 
	party_id INTEGER, 
	user_id INTEGER, 
	kind VARCHAR(32) NOT NULL, 
	dedupe_key VARCHAR(200) NOT NULL, 
	to_address VARCHAR(320) NOT NULL, 
	subject VARCHAR NOT NULL, 
	body VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error VARCHAR NOT NULL, 
	next_attempt_at DATETIME, 
	attempt_started_at DATETIME, 
	sent_at DATETIME, 
	message_id VARCHAR NOT NULL, 
	response_days INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(party_id) REFERENCES hearingparty (id), 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	UNIQUE (dedupe_key)
);
INSERT INTO "mailmessage" VALUES(1,1,NULL,2,'seat_assigned','fixture-seat-1','collega@example.org','U bent ingedeeld','Zie {portal_link} voor {deadline}.','2026-11-02 09:00:00.000000','pending',0,'',NULL,NULL,NULL,'',NULL);
CREATE TABLE panelseat (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	role VARCHAR(32) NOT NULL, 
	seat_no INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	assigned_at DATETIME NOT NULL, 
	draw_seed VARCHAR(64) NOT NULL, 
	released_at DATETIME, 
	release_kind VARCHAR(16) NOT NULL, 
	release_reason VARCHAR NOT NULL, 
	score FLOAT NOT NULL, 
	score_details JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE TABLE person (
	kind VARCHAR(10) NOT NULL, 
	given_names VARCHAR(200) NOT NULL, 
	prefix VARCHAR(30) NOT NULL, 
	surname VARCHAR(200) NOT NULL, 
	date_of_birth DATE, 
	residence VARCHAR(200) NOT NULL, 
	address VARCHAR(200) NOT NULL, 
	postal_code VARCHAR(10) NOT NULL, 
	relation VARCHAR(100) NOT NULL, 
	has_gezag BOOLEAN NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	lawyer VARCHAR(200) NOT NULL, 
	id INTEGER NOT NULL, 
	family_id INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(family_id) REFERENCES family (id)
);
INSERT INTO "person" VALUES('parent','Sanne','','Jansen',NULL,'Utrecht','Kanaalweg 12 bis','3526 KL','moeder',1,'sanne.jansen@example.nl','mr. E. de Wit',1,1);
INSERT INTO "person" VALUES('parent','Youssef','el','Amrani',NULL,'Nieuwegein','Zuidstedeweg 4','3431 HA','vader',1,'y.elamrani@example.nl','',2,1);
INSERT INTO "person" VALUES('child','Noah','','Jansen','2013-03-14','Utrecht','Kanaalweg 12 bis','3526 KL','zoon',0,'','',3,1);
INSERT INTO "person" VALUES('child','Lina','','Jansen','2020-06-02','Utrecht','Kanaalweg 12 bis','3526 KL','dochter',0,'','',4,1);
CREATE TABLE poolversion (
	id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE portallink (
	id INTEGER NOT NULL, 
	party_id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	single_use BOOLEAN NOT NULL, 
	used_at DATETIME, 
	revoked_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(party_id) REFERENCES hearingparty (id), 
	FOREIGN KEY(request_id) REFERENCES request (id)
);
CREATE TABLE region (
	code VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	court VARCHAR(200) NOT NULL, 
	court_location VARCHAR(100) NOT NULL, 
	legal_name VARCHAR(200) NOT NULL, 
	address VARCHAR(200) NOT NULL, 
	postal_code VARCHAR(10) NOT NULL, 
	place VARCHAR(100) NOT NULL, 
	phone VARCHAR(30) NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	complaints VARCHAR(500) NOT NULL, 
	id INTEGER NOT NULL, 
	capacities JSON NOT NULL, 
	too_close JSON NOT NULL, 
	team_contacts JSON NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "region" VALUES('utrecht','RVT Utrecht','Rechtbank Midden-Nederland','Utrecht','Regionaal Veiligheidsteam Utrecht','Postbus 1450','3500 BL','Utrecht','030 123 45 00','info@utrecht.rvt.example','Klachtencommissie RVT Utrecht, Postbus 1450, 3500 BL Utrecht, klachten@utrecht.rvt.example',1,'["raad", "gi"]','[]','{"Team Noord": {"phone": "030 123 45 10", "email": "teamnoord@utrecht.rvt.example"}}');
INSERT INTO "region" VALUES('gelderland-zuid','RVT Gelderland-Zuid','Rechtbank Gelderland','Arnhem','Regionaal Veiligheidsteam Gelderland-Zuid','Postbus 300','6500 AH','Nijmegen','024 300 00 00','info@gelderland-zuid.rvt.example','Klachtencommissie RVT Gelderland-Zuid, Postbus 300, 6500 AH Nijmegen',2,'["raad", "gi"]','[]','{}');
INSERT INTO "region" VALUES('rotterdam-rijnmond','RVT Rotterdam-Rijnmond','Rechtbank Rotterdam','Rotterdam','Regionaal Veiligheidsteam Rotterdam-Rijnmond','Postbus 2100','3000 CC','Rotterdam','010 210 00 00','info@rotterdam-rijnmond.rvt.example','Klachtencommissie RVT Rotterdam-Rijnmond, Postbus 2100, 3000 CC Rotterdam',3,'["raad", "gi"]','[]','{}');
INSERT INTO "region" VALUES('amsterdam-amstelland','RVT Amsterdam-Amstelland','Rechtbank Amsterdam','Amsterdam','Regionaal Veiligheidsteam Amsterdam-Amstelland','Postbus 12000','1100 AA','Amsterdam','020 120 00 00','info@amsterdam-amstelland.rvt.example','Klachtencommissie RVT Amsterdam-Amstelland, Postbus 12000, 1100 AA Amsterdam',4,'["raad", "gi"]','[]','{}');
CREATE TABLE reinvitewaiver (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	party_id INTEGER NOT NULL, 
	revision_id INTEGER NOT NULL, 
	reasons VARCHAR NOT NULL, 
	recorded_by INTEGER NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(party_id) REFERENCES hearingparty (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(recorded_by) REFERENCES user (id)
);
CREATE TABLE request (
	id INTEGER NOT NULL, 
	case_id INTEGER NOT NULL, 
	requester_id INTEGER NOT NULL, 
	measure VARCHAR(64) NOT NULL, 
	state VARCHAR(32) NOT NULL, 
	spoed BOOLEAN NOT NULL, 
	catalogue_version VARCHAR(32), 
	current_revision_id INTEGER, 
	approved_revision_id INTEGER, 
	returned_revision_id INTEGER, 
	minor_change_revision_id INTEGER, 
	flagged VARCHAR NOT NULL, 
	closing_reason VARCHAR NOT NULL, 
	urgency_accepted_at DATETIME, 
	urgency_accepted_by INTEGER, 
	urgency_reasons VARCHAR NOT NULL, 
	urgency_relies_on JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	state_changed_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(case_id) REFERENCES "case" (id), 
	FOREIGN KEY(requester_id) REFERENCES user (id), 
	FOREIGN KEY(current_revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(approved_revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(returned_revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(minor_change_revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(urgency_accepted_by) REFERENCES user (id)
);
INSERT INTO "request" VALUES(1,1,1,'ots','draft',0,NULL,1,NULL,NULL,NULL,'','',NULL,NULL,'','[]','2026-11-02 09:00:00.000000','2026-11-02 09:00:00.000000');
CREATE TABLE requestrevision (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	number INTEGER NOT NULL, 
	content JSON NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by INTEGER NOT NULL, 
	note VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (request_id, number), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(created_by) REFERENCES user (id)
);
INSERT INTO "requestrevision" VALUES(1,1,1,'{"measure": "ots", "capacity": "raad", "child_ids": [3], "duration_months": 12, "summary": "Wij vragen de kinderrechter om Noah een jaar onder toezicht te stellen. Noah gaat al maanden niet naar school en thuis is vaak ruzie. Hulp die we samen afspraken, is gestopt.", "concerns": ["Noah (13) verzuimt sinds de zomer vrijwel volledig van school.", "Er zijn herhaalde, heftige conflicten tussen de ouders waar Noah bij is."], "facts": [{"key": "verzuim", "text": "Noah is sinds 1 september 2026 op 38 van de 45 schooldagen afwezig geweest.", "source": "verzuimregistratie Leerplicht Utrecht", "date": "2026-09-23", "confirmed_by": "leerplichtambtenaar J. Peters", "kind": "fact", "held_by": ""}, {"key": "politie", "text": "De politie is drie keer ter plaatse geweest na meldingen van buren over geschreeuw en geweld tussen de ouders; Noah was elke keer thuis.", "source": "politiemutaties", "date": "2026-09-28", "confirmed_by": "wijkagent M. de Boer", "kind": "fact", "held_by": ""}, {"key": "hulp_gestopt", "text": "Het vrijwillige hulptraject van het lokaal team is op 1 oktober 2026 gestopt omdat de ouders afspraken niet nakwamen en de hulpverlener niet meer binnenlieten.", "source": "afsluitbericht lokaal team Utrecht-West", "date": "2026-10-03", "confirmed_by": "casusregisseur lokaal team L. Smits", "kind": "fact", "held_by": ""}, {"key": "ouders_willen", "text": "Beide ouders zeggen dat zij willen dat het beter gaat met Noah en dat zij binnen een jaar weer zelf de zorg kunnen dragen met steun.", "source": "gesprek met de ouders", "date": "2026-10-03", "confirmed_by": "F. el Amrani (RVT)", "kind": "fact", "held_by": ""}, {"key": "inschatting", "text": "Naar het oordeel van de gedragswetenschapper is de ontwikkeling van Noah ernstig bedreigd.", "source": "", "date": null, "confirmed_by": "", "kind": "opinion", "held_by": "dr. A. Visser, gedragswetenschapper RVT Utrecht"}], "grounds": [{"element": "ontwikkelingsbedreiging", "answer": "Ja. Noah mist al maanden onderwijs en groeit op in een gezin met herhaald huiselijk geweld.", "fact_keys": ["verzuim", "politie"]}, {"element": "zorg_niet_geaccepteerd", "answer": "Ja. De ouders hebben het vrijwillige traject van het lokaal team laten stoppen.", "fact_keys": ["hulp_gestopt"]}, {"element": "verwachting_verantwoordelijkheid", "answer": "Ja. Beide ouders zijn betrokken en willen de zorg weer dragen; met begeleiding is dat binnen een jaar haalbaar.", "fact_keys": ["ouders_willen"]}], "alternatives": [{"kind": "vrijwillige_hulp", "description": "Gezinsbegeleiding in het vrijwillig kader.", "tried": "Zes maanden begeleiding door het lokaal team.", "result": "Gestopt na afzeggingen.", "why_insufficient": "De ouders lieten de hulpverlener niet meer binnen; vrijwillige hulp komt niet op gang.", "was_tried": true, "tried_when": "april tot en met september 2026", "why_not_tried": ""}, {"kind": "netwerk", "description": "Steun van de grootouders van moederszijde.", "tried": "Netwerkberaad op 12 september 2026.", "result": "Grootouders helpen met vervoer naar school.", "why_insufficient": "De steun vermindert het verzuim niet en raakt de conflicten thuis niet.", "was_tried": true, "tried_when": "sinds 12 september 2026", "why_not_tried": ""}], "proportionality": "Een ondertoezichtstelling laat Noah thuis wonen en de ouders het gezag houden; een uithuisplaatsing is niet nodig.", "duration_reason": "Een schooljaar is nodig om de schoolgang te herstellen en het traject tegen huiselijk geweld af te ronden.", "effectiveness": "De jeugdbeschermer kan aanwijzingen geven over schoolgang en hulp, zodat de hulp niet opnieuw stopt zodra het moeilijk wordt.", "acceptable_term": "", "goals": ["Noah gaat weer elke schooldag naar school.", "De ouders nemen deel aan een traject tegen huiselijk geweld en er zijn geen politiemeldingen meer."], "attachments": [{"code": "plan_van_aanpak", "title": "Plan van aanpak RVT Utrecht", "reference": "PVA-2026-114"}], "flags": {}, "urgency": "", "urgency_details": null, "problem_tags": ["huiselijk_geweld"], "executing_institution": "Samen Veilig Midden-Nederland, Utrecht"}','480a992d0b18a9b3e28641c0386495f8ca175122d93bb6294b98b5ac27c86586','2026-11-02 09:00:00.000000',1,'eerste concept');
CREATE TABLE signoff (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	revision_id INTEGER NOT NULL, 
	revision_hash VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	role VARCHAR(32) NOT NULL, 
	declaration VARCHAR NOT NULL, 
	signed_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE TABLE unavailability (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	start DATE NOT NULL, 
	"end" DATE NOT NULL, 
	reason VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE TABLE user (
	name VARCHAR(200) NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	region_id INTEGER NOT NULL, 
	team VARCHAR(100) NOT NULL, 
	function VARCHAR(200) NOT NULL, 
	capacity INTEGER NOT NULL, 
	active BOOLEAN NOT NULL, 
	id INTEGER NOT NULL, 
	roles JSON NOT NULL, 
	expertise JSON NOT NULL, 
	languages JSON NOT NULL, 
	token_hash VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(region_id) REFERENCES region (id)
);
INSERT INTO "user" VALUES('Fatima el Amrani','fatima.el.amrani@utrecht.rvt.example',1,'Team Noord','RVT-professional',5,1,1,'["indiener"]','[]','["nl"]','f805ab659f9616fbff35af2f99c1ff93fc3627fbec634eb2dff844fb429d09d3');
INSERT INTO "user" VALUES('Pieter de Graaf','pieter.de.graaf@utrecht.rvt.example',1,'Team Noord','RVT-professional',5,1,2,'["indiener"]','[]','["nl"]','b5cd64d78b5fc4b1920e1f92150eee9d01fc9d3b0e2b2538eb97fb0563bf177a');
INSERT INTO "user" VALUES('Ilse Verbeek','ilse.verbeek@utrecht.rvt.example',1,'Team Zuid','RVT-professional',5,1,3,'["tegenspreker"]','[]','["nl"]','411dc938f6b8bd2945404ba8e06193c8b35e87f757007f7cf48da48689efb9f8');
INSERT INTO "user" VALUES('mr. Koen Smit','koen.smit@utrecht.rvt.example',1,'Juridische zaken','jurist',5,1,4,'["jurist"]','[]','["nl"]','0efc720ad2b453f1dd5912865a9ec60eb0fe6766c4b3f23bf3e7f79a7a139994');
INSERT INTO "user" VALUES('drs. Anouk Bakker','anouk.bakker@utrecht.rvt.example',1,'Gedragswetenschap','gedragswetenschapper',5,1,5,'["gedragswetenschapper"]','[]','["nl"]','4c19e8b20a6ba630d22ec88ab4a7a8cae4354266d970ba0cb6051442886fd912');
INSERT INTO "user" VALUES('Hanneke Dijkstra','hanneke.dijkstra@utrecht.rvt.example',1,'Regiomanagement','regiomanager',5,1,6,'["regiomanager"]','[]','["nl"]','cf46a4e393918b6a792a877b4ef4367b1a0d3239f4bf53f8ea5f0da2f3ffd9dc');
INSERT INTO "user" VALUES('Sanne Willems','sanne.willems@gelderland-zuid.rvt.example',2,'Team Nijmegen','RVT-professional',5,1,7,'["indiener"]','[]','["nl"]','b2eddec5df613d878e673f657d7bd2e2e3a91bfe9a1ace40923427af8e5428f1');
INSERT INTO "user" VALUES('Joris Hendriks','joris.hendriks@gelderland-zuid.rvt.example',2,'Team Arnhem','RVT-professional',5,1,8,'["tegenspreker"]','["huiselijk_geweld", "jongeren"]','["nl"]','fedb3fd2ff6128f22cc2dfb7657768270c71185c4a9806143eeeeb50852f177f');
INSERT INTO "user" VALUES('mr. Ayşe Kaya','ayse.kaya@gelderland-zuid.rvt.example',2,'Juridische zaken','jurist',5,1,9,'["jurist"]','[]','["nl"]','eeb1c95591293b1dabb75d9e902de26f019275c988cc5005c467b98fcdfa6fbe');
INSERT INTO "user" VALUES('dr. Ruud van Dijk','ruud.van.dijk@gelderland-zuid.rvt.example',2,'Gedragswetenschap','gedragswetenschapper',5,1,10,'["gedragswetenschapper"]','["jongeren", "lvb"]','["nl"]','b536fad30012535f713a6c2e15734fb6ed4fd46cd1578e425e1737b1328a5876');
INSERT INTO "user" VALUES('Mohamed Bouzid','mohamed.bouzid@rotterdam-rijnmond.rvt.example',3,'Team Zuid','RVT-professional',5,1,11,'["indiener"]','[]','["nl"]','0ce406e0fba68866269418f661372aae3c92bf8f5932db6e592cac0d23246c2d');
INSERT INTO "user" VALUES('Eva Visser','eva.visser@rotterdam-rijnmond.rvt.example',3,'Team Centrum','RVT-professional',5,1,12,'["tegenspreker"]','["eergerelateerd_geweld"]','["nl", "ar", "tr"]','00cb90001be8576aa811e8f2f1675026702fc6c10db77748f8b41c959f9b0836');
INSERT INTO "user" VALUES('Daan Mulder','daan.mulder@rotterdam-rijnmond.rvt.example',3,'Team Noord','RVT-professional',5,1,13,'["tegenspreker"]','["jonge_kinderen", "lvb"]','["nl"]','233cb57032d9a498734409adc0941f716657f3f1bfcbc353b1674e919939b99d');
INSERT INTO "user" VALUES('mr. Lotte Jacobs','lotte.jacobs@rotterdam-rijnmond.rvt.example',3,'Juridische zaken','jurist',5,1,14,'["jurist"]','[]','["nl"]','c93ed7de87ddccdfcde80b231adbf28d9a71081799f4e521a4663ec12081c226');
INSERT INTO "user" VALUES('drs. Bram Peeters','bram.peeters@rotterdam-rijnmond.rvt.example',3,'Gedragswetenschap','gedragswetenschapper',5,1,15,'["gedragswetenschapper"]','["huiselijk_geweld"]','["nl"]','76c99fe8d9975a3151d4c161da5b8907b27e6009f9f40de3b094ac19b087250f');
INSERT INTO "user" VALUES('Noor Dekker','noor.dekker@amsterdam-amstelland.rvt.example',4,'Team West','RVT-professional',5,1,16,'["tegenspreker"]','["jongeren", "ggz_ouders"]','["nl", "en"]','cef005ef0984ed95bfa5da6fb642938ff64863727694bac534ae0f4a7436a51a');
INSERT INTO "user" VALUES('mr. Thijs Bos','thijs.bos@amsterdam-amstelland.rvt.example',4,'Juridische zaken','jurist',5,1,17,'["jurist"]','[]','["nl"]','341d9fdf2dbf477376996f2e400af74ed837563253486de478db58071ae8a146');
INSERT INTO "user" VALUES('dr. Meryem Yıldız','meryem.yildiz@amsterdam-amstelland.rvt.example',4,'Gedragswetenschap','gedragswetenschapper',5,1,18,'["gedragswetenschapper"]','["jonge_kinderen", "gesloten_jeugdhulp"]','["nl", "tr"]','1c16afa42472b5cc8fdc63e9a08ba84b09fa0f34c5790a52cb27777f727ace49');
INSERT INTO "user" VALUES('Karin Vos','karin.vos@amsterdam-amstelland.rvt.example',4,'Landelijk beheer','beheerder',5,1,19,'["beheerder"]','[]','["nl"]','d7ec7270f3f27617eb3930ceaf3885fbe40c579a81a386a427e984ad903572cb');
CREATE TABLE verdict (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	revision_id INTEGER NOT NULL, 
	seat_id INTEGER NOT NULL, 
	reviewer_id INTEGER NOT NULL, 
	decision VARCHAR(32) NOT NULL, 
	reasons VARCHAR NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	override BOOLEAN NOT NULL, 
	override_reasons VARCHAR NOT NULL, 
	overridden_criteria JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(seat_id) REFERENCES panelseat (id), 
	FOREIGN KEY(reviewer_id) REFERENCES user (id)
);
CREATE TABLE warningacceptance (
	id INTEGER NOT NULL, 
	request_id INTEGER NOT NULL, 
	revision_id INTEGER NOT NULL, 
	code VARCHAR(64) NOT NULL, 
	field VARCHAR(200) NOT NULL, 
	message VARCHAR NOT NULL, 
	accepted_by INTEGER NOT NULL, 
	reasons VARCHAR NOT NULL, 
	accepted_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(request_id) REFERENCES request (id), 
	FOREIGN KEY(revision_id) REFERENCES requestrevision (id), 
	FOREIGN KEY(accepted_by) REFERENCES user (id)
);
CREATE TABLE workspacesession (
	id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	last_seen_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE INDEX ix_accesslogentry_user_id ON accesslogentry (user_id);
CREATE INDEX ix_accesslogentry_outcome ON accesslogentry (outcome);
CREATE INDEX ix_accesslogentry_object_type ON accesslogentry (object_type);
CREATE INDEX ix_accesslogentry_at ON accesslogentry (at);
CREATE INDEX ix_accesslogentry_family_id ON accesslogentry (family_id);
CREATE INDEX ix_accesslogentry_request_id ON accesslogentry (request_id);
CREATE UNIQUE INDEX ix_region_code ON region (code);
CREATE INDEX ix_request_measure ON request (measure);
CREATE INDEX ix_request_case_id ON request (case_id);
CREATE INDEX ix_request_requester_id ON request (requester_id);
CREATE INDEX ix_request_state ON request (state);
CREATE INDEX ix_requestrevision_request_id ON requestrevision (request_id);
CREATE INDEX ix_requestrevision_content_hash ON requestrevision (content_hash);
CREATE INDEX ix_event_kind ON event (kind);
CREATE INDEX ix_event_processed_at ON event (processed_at);
CREATE INDEX ix_event_request_id ON event (request_id);
CREATE INDEX ix_family_region_id ON family (region_id);
CREATE INDEX ix_user_region_id ON user (region_id);
CREATE UNIQUE INDEX ix_user_token_hash ON user (token_hash);
CREATE INDEX ix_auditevent_action ON auditevent (action);
CREATE INDEX ix_auditevent_request_id ON auditevent (request_id);
CREATE INDEX ix_auditevent_at ON auditevent (at);
CREATE INDEX ix_case_region_id ON "case" (region_id);
CREATE INDEX ix_case_family_id ON "case" (family_id);
CREATE INDEX ix_case_owner_id ON "case" (owner_id);
CREATE UNIQUE INDEX ix_courtdocument_verification_code ON courtdocument (verification_code);
CREATE INDEX ix_courtdocument_request_id ON courtdocument (request_id);
CREATE INDEX ix_person_family_id ON person (family_id);
CREATE INDEX ix_panelseat_request_id ON panelseat (request_id);
CREATE INDEX ix_panelseat_user_id ON panelseat (user_id);
CREATE INDEX ix_unavailability_user_id ON unavailability (user_id);
CREATE INDEX ix_assessment_request_id ON assessment (request_id);
CREATE INDEX ix_assessment_revision_id ON assessment (revision_id);
CREATE INDEX ix_warningacceptance_request_id ON warningacceptance (request_id);
CREATE INDEX ix_warningacceptance_revision_id ON warningacceptance (revision_id);
CREATE INDEX ix_escalation_request_id ON escalation (request_id);
CREATE INDEX ix_signoff_request_id ON signoff (request_id);
CREATE INDEX ix_workspacesession_user_id ON workspacesession (user_id);
CREATE UNIQUE INDEX ix_workspacesession_token_hash ON workspacesession (token_hash);
CREATE INDEX ix_caseteammember_case_id ON caseteammember (case_id);
CREATE INDEX ix_caseteammember_user_id ON caseteammember (user_id);
CREATE INDEX ix_hearingparty_person_id ON hearingparty (person_id);
CREATE INDEX ix_hearingparty_request_id ON hearingparty (request_id);
CREATE INDEX ix_hearingparty_deadline ON hearingparty (deadline);
CREATE INDEX ix_childvoice_person_id ON childvoice (person_id);
CREATE INDEX ix_childvoice_request_id ON childvoice (request_id);
CREATE INDEX ix_declaredconflict_user_id ON declaredconflict (user_id);
CREATE INDEX ix_verdict_request_id ON verdict (request_id);
CREATE INDEX ix_verdict_revision_id ON verdict (revision_id);
CREATE INDEX ix_followuphearing_deadline ON followuphearing (deadline);
CREATE INDEX ix_followuphearing_request_id ON followuphearing (request_id);
CREATE INDEX ix_reinvitewaiver_request_id ON reinvitewaiver (request_id);
CREATE INDEX ix_mailmessage_status ON mailmessage (status);
CREATE INDEX ix_mailmessage_request_id ON mailmessage (request_id);
CREATE INDEX ix_mailmessage_user_id ON mailmessage (user_id);
CREATE UNIQUE INDEX ix_portallink_token_hash ON portallink (token_hash);
CREATE INDEX ix_portallink_request_id ON portallink (request_id);
CREATE INDEX ix_portallink_party_id ON portallink (party_id);
CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON auditevent BEGIN SELECT RAISE(ABORT, 'auditevent is immutable (append-only): UPDATE refused'); END;
CREATE TRIGGER auditevent_no_delete BEFORE DELETE ON auditevent BEGIN SELECT RAISE(ABORT, 'auditevent is immutable (append-only): DELETE refused'); END;
CREATE TRIGGER requestrevision_no_update BEFORE UPDATE ON requestrevision BEGIN SELECT RAISE(ABORT, 'requestrevision is immutable (append-only): UPDATE refused'); END;
CREATE TRIGGER requestrevision_no_delete BEFORE DELETE ON requestrevision BEGIN SELECT RAISE(ABORT, 'requestrevision is immutable (append-only): DELETE refused'); END;
COMMIT;
