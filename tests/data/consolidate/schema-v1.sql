-- A consolidation database of schema 1, as sopxl wrote it before offices (commit e79c068: sopxl consolidate
-- of nota_dinas.xlsx and rumus.xlsx from kantor/, as of 2026-11-20 17:00), dumped with sqlite3's iterdump.
-- tests/test_store.py upgrades it to the current schema.
BEGIN TRANSACTION;
CREATE TABLE cases (
    sop_id INTEGER NOT NULL REFERENCES sops(id),
    case_no INTEGER NOT NULL,
    subject TEXT NOT NULL,
    state TEXT NOT NULL,
    opened INTEGER NOT NULL,
    step INTEGER,
    kegiatan TEXT,
    holder TEXT,
    step_started INTEGER,
    step_used REAL,
    step_norm REAL,
    status TEXT,
    total_used REAL NOT NULL,
    total_norm REAL,
    total_status TEXT,
    returns INTEGER NOT NULL,
    closed INTEGER,
    due INTEGER,
    as_of INTEGER NOT NULL,
    PRIMARY KEY (sop_id, case_no)
) WITHOUT ROWID;
INSERT INTO "cases" VALUES(1,1,'Penyusunan Nota Dinas — Badan Perencanaan dan Pengembangan','closed',1791384360,NULL,NULL,NULL,NULL,NULL,NULL,'on_time',222.0,615.0,'on_time',0,1791453480,1791536460,1795194000);
INSERT INTO "cases" VALUES(1,2,'Penyusunan Nota Dinas — Pusat Data dan Informasi','closed',1791967860,NULL,NULL,NULL,NULL,NULL,NULL,'on_time',220.0,615.0,'on_time',1,1791984660,1792064160,1795194000);
INSERT INTO "cases" VALUES(1,3,'Penyusunan Nota Dinas — Biro Perencanaan dan Organisasi','closed',1792745460,NULL,NULL,NULL,NULL,NULL,NULL,'on_time',380.0,615.0,'on_time',0,1793000460,1793014560,1795194000);
INSERT INTO "cases" VALUES(1,4,'Penyusunan Nota Dinas — Deputi Bidang Koordinasi Hukum dan HAM','closed',1793025900,NULL,NULL,NULL,NULL,NULL,NULL,'late',1025.0,615.0,'late',1,1793262000,1793178000,1795194000);
INSERT INTO "cases" VALUES(1,5,'Penyusunan Nota Dinas — Deputi Bidang Koordinasi Hukum dan HAM','closed',1794222720,NULL,NULL,NULL,NULL,NULL,NULL,'near',576.0,615.0,'near',1,1794320280,1794322620,1795194000);
INSERT INTO "cases" VALUES(1,6,'Penyusunan Nota Dinas — Inspektorat','closed',1794482220,NULL,NULL,NULL,NULL,NULL,NULL,'late',657.0,615.0,'late',0,1794586440,1794583920,1795194000);
INSERT INTO "cases" VALUES(1,7,'Kasus yang masih berjalan','open',1795075200,2,'Memeriksa konsep','Kabag',1795082400,750.0,30.0,'late',870.0,615.0,'late',0,NULL,1795171500,1795194000);
INSERT INTO "cases" VALUES(2,1,'+62 812 555 0100','closed',1791891840,NULL,NULL,NULL,NULL,NULL,NULL,'on_time',282.0,615.0,'on_time',0,1791968160,1791991740,1795194000);
INSERT INTO "cases" VALUES(2,2,'=HYPERLINK("http://contoh.invalid","klik") — Biro Sumber Daya Manusia','closed',1792489920,NULL,NULL,NULL,NULL,NULL,NULL,'late',872.0,615.0,'late',1,1792661040,1792589820,1795194000);
INSERT INTO "cases" VALUES(2,3,'=HYPERLINK("http://contoh.invalid","klik") — Biro Perencanaan dan Organisasi','closed',1793188500,NULL,NULL,NULL,NULL,NULL,NULL,'near',572.0,615.0,'near',0,1793285820,1793288400,1795194000);
INSERT INTO "cases" VALUES(2,4,'Kasus yang masih berjalan','open',1795075200,2,'=HYPERLINK("http://contoh.invalid/x","Buka")','Kabag',1795082400,750.0,30.0,'late',870.0,615.0,'late',0,NULL,1795171500,1795194000);
CREATE TABLE event_versions (
    sop_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    case_no INTEGER NOT NULL,
    step INTEGER NOT NULL,
    action TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER,
    note TEXT NOT NULL,
    refused INTEGER NOT NULL,
    replaced_run INTEGER NOT NULL
);
CREATE TABLE events (
    sop_id INTEGER NOT NULL REFERENCES sops(id),
    event_id INTEGER NOT NULL,
    case_no INTEGER NOT NULL,
    step INTEGER NOT NULL,
    action TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at INTEGER,
    note TEXT NOT NULL,
    refused INTEGER NOT NULL,
    added_run INTEGER NOT NULL,
    removed_run INTEGER,
    PRIMARY KEY (sop_id, event_id)
) WITHOUT ROWID;
INSERT INTO "events" VALUES(1,1,1,1,'mulai',1791384360,'Kasubbag','kasubbag',1791384360,'Penyusunan Nota Dinas — Badan Perencanaan dan Pengembangan',0,1,NULL);
INSERT INTO "events" VALUES(1,2,1,1,'selesai',1791387480,'Kasubbag','kasubbag',1791387480,'',0,1,NULL);
INSERT INTO "events" VALUES(1,3,1,2,'ya',1791388020,'Kabag','kabag',1791388020,'',0,1,NULL);
INSERT INTO "events" VALUES(1,4,1,3,'selesai',1791453000,'Karo','karo',1791453000,'',0,1,NULL);
INSERT INTO "events" VALUES(1,5,1,4,'selesai',1791453480,'Kasubbag','kasubbag',1791453480,'',0,1,NULL);
INSERT INTO "events" VALUES(1,6,2,1,'mulai',1791967860,'Kasubbag','kasubbag',1791967860,'Penyusunan Nota Dinas — Pusat Data dan Informasi',0,1,NULL);
INSERT INTO "events" VALUES(1,7,2,1,'selesai',1791970260,'Kasubbag','kasubbag',1791970260,'',0,1,NULL);
INSERT INTO "events" VALUES(1,8,2,2,'tidak',1791970680,'Kabag','kabag',1791970680,'',0,1,NULL);
INSERT INTO "events" VALUES(1,9,2,1,'selesai',1791972660,'Kasubbag','kasubbag',1791972660,'',0,1,NULL);
INSERT INTO "events" VALUES(1,10,2,2,'ya',1791973260,'Kabag','kabag',1791973260,'',0,1,NULL);
INSERT INTO "events" VALUES(1,11,2,3,'selesai',1791984360,'Karo','karo',1791984360,'',0,1,NULL);
INSERT INTO "events" VALUES(1,12,2,4,'catatan',1791984480,'Kasubbag','kasubbag',1791984480,'berkas dilengkapi oleh unit pengusul',0,1,NULL);
INSERT INTO "events" VALUES(1,13,2,4,'selesai',1791984660,'Kasubbag','kasubbag',1791984660,'',0,1,NULL);
INSERT INTO "events" VALUES(1,14,3,1,'mulai',1792745460,'Kasubbag','kasubbag',1792745460,'Penyusunan Nota Dinas — Biro Perencanaan dan Organisasi',0,1,NULL);
INSERT INTO "events" VALUES(1,15,3,1,'selesai',1792752000,'Kasubbag','kasubbag',1792752000,'',0,1,NULL);
INSERT INTO "events" VALUES(1,16,3,2,'ya',1792752960,'Kabag','kabag',1792752960,'',0,1,NULL);
INSERT INTO "events" VALUES(1,17,3,3,'selesai',1792772820,'Karo','karo',1792772820,'',0,1,NULL);
INSERT INTO "events" VALUES(1,18,3,4,'selesai',1793000460,'Kasubbag','kasubbag',1793000460,'',0,1,NULL);
INSERT INTO "events" VALUES(1,19,4,1,'mulai',1793025900,'Kasubbag','kasubbag',1793025900,'Penyusunan Nota Dinas — Deputi Bidang Koordinasi Hukum dan HAM',0,1,NULL);
INSERT INTO "events" VALUES(1,20,4,1,'selesai',1793096700,'Kasubbag','kasubbag',1793096700,'',0,1,NULL);
INSERT INTO "events" VALUES(1,21,4,2,'tidak',1793099940,'Kabag','kabag',1793099940,'',0,1,NULL);
INSERT INTO "events" VALUES(1,22,4,1,'selesai',1793112180,'Kasubbag','kasubbag',1793112180,'',0,1,NULL);
INSERT INTO "events" VALUES(1,23,4,2,'ya',1793114940,'Kabag','kabag',1793114940,'',0,1,NULL);
INSERT INTO "events" VALUES(1,24,4,3,'selesai',1793260500,'Karo','karo',1793260500,'',0,1,NULL);
INSERT INTO "events" VALUES(1,25,4,4,'selesai',1793262000,'Kasubbag','kasubbag',1793262000,'',0,1,NULL);
INSERT INTO "events" VALUES(1,26,5,1,'mulai',1794222720,'Kasubbag','kasubbag',1794222720,'Penyusunan Nota Dinas — Deputi Bidang Koordinasi Hukum dan HAM',0,1,NULL);
INSERT INTO "events" VALUES(1,27,5,1,'selesai',1794233460,'Kasubbag','kasubbag',1794233460,'',0,1,NULL);
INSERT INTO "events" VALUES(1,28,5,2,'tidak',1794234540,'Kabag','kabag',1794234540,'',0,1,NULL);
INSERT INTO "events" VALUES(1,29,5,1,'selesai',1794296220,'Kasubbag','kasubbag',1794296220,'',0,1,NULL);
INSERT INTO "events" VALUES(1,30,5,2,'ya',1794297720,'Kabag','kabag',1794297720,'',0,1,NULL);
INSERT INTO "events" VALUES(1,31,5,3,'selesai',1794319440,'Karo','karo',1794319440,'',0,1,NULL);
INSERT INTO "events" VALUES(1,32,5,4,'selesai',1794320280,'Kasubbag','kasubbag',1794320280,'',0,1,NULL);
INSERT INTO "events" VALUES(1,33,6,1,'mulai',1794482220,'Kasubbag','kasubbag',1794482220,'Penyusunan Nota Dinas — Inspektorat',0,1,NULL);
INSERT INTO "events" VALUES(1,34,6,1,'selesai',1794490200,'Kasubbag','kasubbag',1794490200,'',0,1,NULL);
INSERT INTO "events" VALUES(1,35,6,2,'ya',1794492360,'Kabag','kabag',1794492360,'',0,1,NULL);
INSERT INTO "events" VALUES(1,36,6,3,'selesai',1794585360,'Karo','karo',1794585360,'',0,1,NULL);
INSERT INTO "events" VALUES(1,37,6,4,'selesai',1794586440,'Kasubbag','kasubbag',1794586440,'',0,1,NULL);
INSERT INTO "events" VALUES(1,38,7,1,'mulai',1795075200,'Kasubbag','',1795075200,'Kasus yang masih berjalan',0,1,NULL);
INSERT INTO "events" VALUES(1,39,7,1,'selesai',1795082400,'Kasubbag','',1795082400,'',0,1,NULL);
INSERT INTO "events" VALUES(2,1,1,1,'mulai',1791891840,'Kasubbag','kasubbag',1791891840,'+62 812 555 0100',0,1,NULL);
INSERT INTO "events" VALUES(2,2,1,1,'selesai',1791900360,'-2+3','kasubbag',1791900360,'',0,1,NULL);
INSERT INTO "events" VALUES(2,3,1,2,'ya',1791901200,'Kabag','kabag',1791901200,'@SUM(1+1)',0,1,NULL);
INSERT INTO "events" VALUES(2,4,1,3,'selesai',1791967740,'-2+3','karo',1791967740,'',0,1,NULL);
INSERT INTO "events" VALUES(2,5,1,4,'selesai',1791968160,'-2+3','kasubbag',1791968160,'',0,1,NULL);
INSERT INTO "events" VALUES(2,6,2,1,'mulai',1792489920,'Kasubbag','kasubbag',1792489920,'=HYPERLINK("http://contoh.invalid","klik") — Biro Sumber Daya Manusia',0,1,NULL);
INSERT INTO "events" VALUES(2,7,2,1,'catatan',1792493400,'Kasubbag','kasubbag',1792493400,'@SUM(1+1)',0,1,NULL);
INSERT INTO "events" VALUES(2,8,2,1,'selesai',1792496880,'-2+3','kasubbag',1792496880,'',0,1,NULL);
INSERT INTO "events" VALUES(2,9,2,2,'tidak',1792501680,'Kabag','kabag',1792501680,'',0,1,NULL);
INSERT INTO "events" VALUES(2,10,2,1,'selesai',1792510260,'-2+3','kasubbag',1792510260,'',0,1,NULL);
INSERT INTO "events" VALUES(2,11,2,2,'ya',1792511700,'Kabag','kabag',1792511700,'',0,1,NULL);
INSERT INTO "events" VALUES(2,12,2,3,'selesai',1792660260,'-2+3','karo',1792660260,'',0,1,NULL);
INSERT INTO "events" VALUES(2,13,2,4,'selesai',1792661040,'-2+3','kasubbag',1792661040,'',0,1,NULL);
INSERT INTO "events" VALUES(2,14,3,1,'mulai',1793188500,'Kasubbag','kasubbag',1793188500,'=HYPERLINK("http://contoh.invalid","klik") — Biro Perencanaan dan Organisasi',0,1,NULL);
INSERT INTO "events" VALUES(2,15,3,1,'selesai',1793200500,'-2+3','kasubbag',1793200500,'',0,1,NULL);
INSERT INTO "events" VALUES(2,16,3,2,'ya',1793259780,'Kabag','kabag',1793259780,'',0,1,NULL);
INSERT INTO "events" VALUES(2,17,3,3,'selesai',1793284920,'-2+3','karo',1793284920,'',0,1,NULL);
INSERT INTO "events" VALUES(2,18,3,4,'selesai',1793285820,'-2+3','kasubbag',1793285820,'',0,1,NULL);
INSERT INTO "events" VALUES(2,19,4,1,'mulai',1795075200,'Kasubbag','',1795075200,'Kasus yang masih berjalan',0,1,NULL);
INSERT INTO "events" VALUES(2,20,4,1,'selesai',1795082400,'-2+3','',1795082400,'',0,1,NULL);
CREATE TABLE findings (
    path TEXT NOT NULL,
    sop_id INTEGER,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    sheet TEXT,
    cell TEXT,
    location TEXT NOT NULL,
    value TEXT NOT NULL,
    message_id TEXT NOT NULL,
    fix_id TEXT NOT NULL,
    message_en TEXT NOT NULL,
    fix_en TEXT NOT NULL
);
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/nota_dinas.xlsx',1,'section-empty','warning','value','Identitas','B10','Identitas!B10','','Kualifikasi Pelaksana tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Kualifikasi Pelaksana','Implementer Qualifications has no items','write one item per row, each row labelled Implementer Qualifications');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/nota_dinas.xlsx',1,'section-empty','warning','value','Identitas','B11','Identitas!B11','','Keterkaitan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Keterkaitan','Related SOPs has no items','write one item per row, each row labelled Related SOPs');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/nota_dinas.xlsx',1,'section-empty','warning','value','Identitas','B12','Identitas!B12','','Peralatan/Perlengkapan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Peralatan/Perlengkapan','Equipment/Supplies has no items','write one item per row, each row labelled Equipment/Supplies');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/nota_dinas.xlsx',1,'section-empty','warning','value','Identitas','B13','Identitas!B13','','Peringatan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Peringatan','Warning has no items','write one item per row, each row labelled Warning');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/nota_dinas.xlsx',1,'section-empty','warning','value','Identitas','B14','Identitas!B14','','Pencatatan dan Pendataan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Pencatatan dan Pendataan','Recording and Data Keeping has no items','write one item per row, each row labelled Recording and Data Keeping');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/rumus.xlsx',2,'section-empty','warning','value','Identitas','B10','Identitas!B10','','Kualifikasi Pelaksana tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Kualifikasi Pelaksana','Implementer Qualifications has no items','write one item per row, each row labelled Implementer Qualifications');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/rumus.xlsx',2,'section-empty','warning','value','Identitas','B11','Identitas!B11','','Keterkaitan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Keterkaitan','Related SOPs has no items','write one item per row, each row labelled Related SOPs');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/rumus.xlsx',2,'section-empty','warning','value','Identitas','B12','Identitas!B12','','Peralatan/Perlengkapan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Peralatan/Perlengkapan','Equipment/Supplies has no items','write one item per row, each row labelled Equipment/Supplies');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/rumus.xlsx',2,'section-empty','warning','value','Identitas','B13','Identitas!B13','','Peringatan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Peringatan','Warning has no items','write one item per row, each row labelled Warning');
INSERT INTO "findings" VALUES('/tmp/v1make/kantor/rumus.xlsx',2,'section-empty','warning','value','Identitas','B14','Identitas!B14','','Pencatatan dan Pendataan tidak berisi satu butir pun','tulis satu butir per baris, setiap baris berlabel Pencatatan dan Pendataan','Recording and Data Keeping has no items','write one item per row, each row labelled Recording and Data Keeping');
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('data_run','1');
INSERT INTO "meta" VALUES('master_path','/tmp/v1make/out/master.xlsx');
INSERT INTO "meta" VALUES('master_as_of','2026-11-20 17:00:00');
INSERT INTO "meta" VALUES('master_run','1');
INSERT INTO "meta" VALUES('master_options','{"lang": "id", "window_months": 2}');
CREATE TABLE run_files (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (run_id, path)
);
INSERT INTO "run_files" VALUES(1,'/tmp/v1make/kantor/nota_dinas.xlsx','read',NULL);
INSERT INTO "run_files" VALUES(1,'/tmp/v1make/kantor/rumus.xlsx','read',NULL);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    as_of TEXT NOT NULL,
    folders TEXT NOT NULL,
    files INTEGER NOT NULL DEFAULT 0,
    read INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    gone INTEGER NOT NULL DEFAULT 0,
    events_added INTEGER NOT NULL DEFAULT 0,
    events_changed INTEGER NOT NULL DEFAULT 0,
    events_removed INTEGER NOT NULL DEFAULT 0,
    master TEXT,
    report TEXT
);
INSERT INTO "runs" VALUES(1,'2026-12-06 10:49:05','2026-12-06 10:49:05','2026-11-20 17:00:00','["/tmp/v1make/kantor"]',2,2,0,0,0,0,59,0,0,'/tmp/v1make/out/master.xlsx',NULL);
CREATE TABLE sops (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    instansi TEXT NOT NULL,
    unit TEXT NOT NULL,
    nomor TEXT NOT NULL,
    nama TEXT NOT NULL,
    path TEXT NOT NULL,
    present INTEGER NOT NULL,
    lang TEXT NOT NULL,
    steps INTEGER NOT NULL,
    total_norm REAL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    sop_json TEXT NOT NULL,
    calendar_json TEXT NOT NULL,
    first_run INTEGER NOT NULL,
    read_run INTEGER NOT NULL
);
INSERT INTO "sops" VALUES(1,'sop:kementerian contoh sekretariat jenderal biro umum|ot.01/001/2026|penyusunan nota dinas','KEMENTERIAN CONTOH
SEKRETARIAT JENDERAL
BIRO UMUM','BIRO UMUM','OT.01/001/2026','Penyusunan Nota Dinas','/tmp/v1make/kantor/nota_dinas.xlsx',1,'id',4,615.0,0,5,0,'{"schema":"sopxl.sop/1","identity":{"instansi":"KEMENTERIAN CONTOH\nSEKRETARIAT JENDERAL\nBIRO UMUM","nomor":"OT.01/001/2026","tanggal_pembuatan":"2 Januari 2026","tanggal_revisi":"","tanggal_efektif":"5 Januari 2026","disahkan_oleh":"Sekretaris Jenderal","nama":"Penyusunan Nota Dinas","dasar_hukum":["Permenpan RB 35/2012"],"kualifikasi":[],"keterkaitan":[],"peralatan":[],"peringatan":[],"pencatatan":[]},"roles":["Kasubbag","Kabag","Karo"],"steps":[{"number":1,"kegiatan":"Menyusun konsep nota dinas","pelaksana":"Kasubbag","marks":["Kasubbag"],"symbol":"terminator","kelengkapan":"","waktu":"2 jam","norm":{"value":2.0,"unit":"jam"},"output":"Konsep","keterangan":"","ya":null,"tidak":null,"inferences":[],"reviewed":false},{"number":2,"kegiatan":"Memeriksa konsep","pelaksana":"Kabag","marks":["Kabag"],"symbol":"decision","kelengkapan":"Konsep","waktu":"30 menit","norm":{"value":30.0,"unit":"menit"},"output":"Konsep diparaf","keterangan":"","ya":3,"tidak":1,"inferences":[],"reviewed":false},{"number":3,"kegiatan":"Menandatangani nota dinas","pelaksana":"Karo","marks":["Karo"],"symbol":"process","kelengkapan":"Konsep diparaf","waktu":"1 hari","norm":{"value":1.0,"unit":"hari"},"output":"Nota dinas","keterangan":"","ya":null,"tidak":null,"inferences":[],"reviewed":false},{"number":4,"kegiatan":"Mengirim dan mengarsipkan","pelaksana":"Kasubbag","marks":["Kasubbag"],"symbol":"terminator","kelengkapan":"Nota dinas","waktu":"15 menit","norm":{"value":15.0,"unit":"menit"},"output":"Arsip","keterangan":"","ya":null,"tidak":null,"inferences":[],"reviewed":false}]}','{"hours":[[0,"07:30","16:00","12:00","13:00"],[1,"07:30","16:00","12:00","13:00"],[2,"07:30","16:00","12:00","13:00"],[3,"07:30","16:00","12:00","13:00"],[4,"07:30","16:30","11:30","13:00"]],"holidays":[["2026-01-01","Tahun Baru Masehi","nasional"],["2026-01-16","Isra Mikraj Nabi Muhammad","nasional"],["2026-02-16","Cuti Bersama Tahun Baru Imlek","cuti bersama"],["2026-02-17","Tahun Baru Imlek","nasional"],["2026-03-18","Cuti Bersama Hari Suci Nyepi","cuti bersama"],["2026-03-19","Hari Suci Nyepi","nasional"],["2026-03-20","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2026-03-21","Hari Raya Idul Fitri","nasional"],["2026-03-22","Hari kedua dari Hari Raya Idul Fitri","nasional"],["2026-03-23","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2026-03-24","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2026-04-03","Wafat Yesus Kristus","nasional"],["2026-04-05","Kebangkitan Yesus Kristus","nasional"],["2026-05-01","Hari Buruh Internasional","nasional"],["2026-05-14","Kenaikan Yesus Kristus","nasional"],["2026-05-15","Cuti Bersama Kenaikan Yesus Kristus","cuti bersama"],["2026-05-27","Hari Raya Idul Adha","nasional"],["2026-05-28","Cuti Bersama Hari Raya Idul Adha","cuti bersama"],["2026-05-31","Hari Raya Waisak","nasional"],["2026-06-01","Hari Lahir Pancasila","nasional"],["2026-06-16","Tahun Baru Islam","nasional"],["2026-08-17","Hari Kemerdekaan Republik Indonesia","nasional"],["2026-08-25","Maulid Nabi Muhammad","nasional"],["2026-12-24","Cuti Bersama Hari Raya Natal","cuti bersama"],["2026-12-25","Hari Raya Natal","nasional"],["2027-01-01","Tahun Baru Masehi","nasional"],["2027-01-05","Isra Mikraj Nabi Muhammad","nasional"],["2027-02-05","Cuti Bersama Tahun Baru Imlek","cuti bersama"],["2027-02-06","Tahun Baru Imlek","nasional"],["2027-03-08","Hari Suci Nyepi","nasional"],["2027-03-09","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2027-03-10","Hari Raya Idul Fitri (perkiraan)","nasional"],["2027-03-11","Hari kedua dari Hari Raya Idul Fitri (perkiraan)","nasional"],["2027-03-12","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2027-03-15","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2027-03-25","Cuti Bersama Wafat Yesus Kristus","cuti bersama"],["2027-03-26","Wafat Yesus Kristus","nasional"],["2027-03-28","Kebangkitan Yesus Kristus","nasional"],["2027-05-01","Hari Buruh Internasional","nasional"],["2027-05-06","Kenaikan Yesus Kristus","nasional"],["2027-05-17","Hari Raya Idul Adha (perkiraan)","nasional"],["2027-05-18","Cuti Bersama Hari Raya Idul Adha","cuti bersama"],["2027-05-19","Cuti Bersama Hari Raya Waisak","cuti bersama"],["2027-05-20","Hari Raya Waisak","nasional"],["2027-06-01","Hari Lahir Pancasila","nasional"],["2027-06-06","Tahun Baru Islam","nasional"],["2027-08-15","Maulid Nabi Muhammad","nasional"],["2027-08-17","Hari Kemerdekaan Republik Indonesia","nasional"],["2027-12-24","Cuti Bersama Hari Raya Natal","cuti bersama"],["2027-12-25","Hari Raya Natal","nasional"],["2027-12-26","Isra Mikraj Nabi Muhammad","nasional"]],"schedules":[],"overrides":[]}',1,1);
INSERT INTO "sops" VALUES(2,'sop:@sum(a1:a9) biro umum|um.03/011/2026|=hyperlink("http://contoh.invalid","klik")','@SUM(A1:A9)
Biro Umum','Biro Umum','UM.03/011/2026','=HYPERLINK("http://contoh.invalid","klik")','/tmp/v1make/kantor/rumus.xlsx',1,'id',4,615.0,0,5,0,'{"schema":"sopxl.sop/1","identity":{"instansi":"@SUM(A1:A9)\nBiro Umum","nomor":"UM.03/011/2026","tanggal_pembuatan":"2 Januari 2026","tanggal_revisi":"","tanggal_efektif":"5 Januari 2026","disahkan_oleh":"Sekretaris Jenderal","nama":"=HYPERLINK(\"http://contoh.invalid\",\"klik\")","dasar_hukum":["Permenpan RB 35/2012"],"kualifikasi":[],"keterkaitan":[],"peralatan":[],"peringatan":[],"pencatatan":[]},"roles":["Kasubbag","Kabag","Karo"],"steps":[{"number":1,"kegiatan":"Menyusun konsep nota dinas","pelaksana":"Kasubbag","marks":["Kasubbag"],"symbol":"terminator","kelengkapan":"","waktu":"2 jam","norm":{"value":2.0,"unit":"jam"},"output":"Konsep","keterangan":"","ya":null,"tidak":null,"inferences":[],"reviewed":false},{"number":2,"kegiatan":"=HYPERLINK(\"http://contoh.invalid/x\",\"Buka\")","pelaksana":"Kabag","marks":["Kabag"],"symbol":"decision","kelengkapan":"Konsep","waktu":"30 menit","norm":{"value":30.0,"unit":"menit"},"output":"Konsep diparaf","keterangan":"","ya":3,"tidak":1,"inferences":[],"reviewed":false},{"number":3,"kegiatan":"Menandatangani nota dinas","pelaksana":"Karo","marks":["Karo"],"symbol":"process","kelengkapan":"Konsep diparaf","waktu":"1 hari","norm":{"value":1.0,"unit":"hari"},"output":"Nota dinas","keterangan":"","ya":null,"tidak":null,"inferences":[],"reviewed":false},{"number":4,"kegiatan":"Mengirim dan mengarsipkan","pelaksana":"Kasubbag","marks":["Kasubbag"],"symbol":"terminator","kelengkapan":"Nota dinas","waktu":"15 menit","norm":{"value":15.0,"unit":"menit"},"output":"Arsip","keterangan":"","ya":null,"tidak":null,"inferences":[],"reviewed":false}]}','{"hours":[[0,"07:30","16:00","12:00","13:00"],[1,"07:30","16:00","12:00","13:00"],[2,"07:30","16:00","12:00","13:00"],[3,"07:30","16:00","12:00","13:00"],[4,"07:30","16:30","11:30","13:00"]],"holidays":[["2026-01-01","Tahun Baru Masehi","nasional"],["2026-01-16","Isra Mikraj Nabi Muhammad","nasional"],["2026-02-16","Cuti Bersama Tahun Baru Imlek","cuti bersama"],["2026-02-17","Tahun Baru Imlek","nasional"],["2026-03-18","Cuti Bersama Hari Suci Nyepi","cuti bersama"],["2026-03-19","Hari Suci Nyepi","nasional"],["2026-03-20","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2026-03-21","Hari Raya Idul Fitri","nasional"],["2026-03-22","Hari kedua dari Hari Raya Idul Fitri","nasional"],["2026-03-23","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2026-03-24","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2026-04-03","Wafat Yesus Kristus","nasional"],["2026-04-05","Kebangkitan Yesus Kristus","nasional"],["2026-05-01","Hari Buruh Internasional","nasional"],["2026-05-14","Kenaikan Yesus Kristus","nasional"],["2026-05-15","Cuti Bersama Kenaikan Yesus Kristus","cuti bersama"],["2026-05-27","Hari Raya Idul Adha","nasional"],["2026-05-28","Cuti Bersama Hari Raya Idul Adha","cuti bersama"],["2026-05-31","Hari Raya Waisak","nasional"],["2026-06-01","Hari Lahir Pancasila","nasional"],["2026-06-16","Tahun Baru Islam","nasional"],["2026-08-17","Hari Kemerdekaan Republik Indonesia","nasional"],["2026-08-25","Maulid Nabi Muhammad","nasional"],["2026-12-24","Cuti Bersama Hari Raya Natal","cuti bersama"],["2026-12-25","Hari Raya Natal","nasional"],["2027-01-01","Tahun Baru Masehi","nasional"],["2027-01-05","Isra Mikraj Nabi Muhammad","nasional"],["2027-02-05","Cuti Bersama Tahun Baru Imlek","cuti bersama"],["2027-02-06","Tahun Baru Imlek","nasional"],["2027-03-08","Hari Suci Nyepi","nasional"],["2027-03-09","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2027-03-10","Hari Raya Idul Fitri (perkiraan)","nasional"],["2027-03-11","Hari kedua dari Hari Raya Idul Fitri (perkiraan)","nasional"],["2027-03-12","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2027-03-15","Cuti Bersama Hari Raya Idul Fitri","cuti bersama"],["2027-03-25","Cuti Bersama Wafat Yesus Kristus","cuti bersama"],["2027-03-26","Wafat Yesus Kristus","nasional"],["2027-03-28","Kebangkitan Yesus Kristus","nasional"],["2027-05-01","Hari Buruh Internasional","nasional"],["2027-05-06","Kenaikan Yesus Kristus","nasional"],["2027-05-17","Hari Raya Idul Adha (perkiraan)","nasional"],["2027-05-18","Cuti Bersama Hari Raya Idul Adha","cuti bersama"],["2027-05-19","Cuti Bersama Hari Raya Waisak","cuti bersama"],["2027-05-20","Hari Raya Waisak","nasional"],["2027-06-01","Hari Lahir Pancasila","nasional"],["2027-06-06","Tahun Baru Islam","nasional"],["2027-08-15","Maulid Nabi Muhammad","nasional"],["2027-08-17","Hari Kemerdekaan Republik Indonesia","nasional"],["2027-12-24","Cuti Bersama Hari Raya Natal","cuti bersama"],["2027-12-25","Hari Raya Natal","nasional"],["2027-12-26","Isra Mikraj Nabi Muhammad","nasional"]],"schedules":[],"overrides":[]}',1,1);
CREATE TABLE sources (
    path TEXT PRIMARY KEY,
    folder TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    sha256 TEXT,
    checked_ns INTEGER,
    state TEXT NOT NULL,
    reason TEXT,
    sop_id INTEGER REFERENCES sops(id),
    events INTEGER,
    read_run INTEGER
);
INSERT INTO "sources" VALUES('/tmp/v1make/kantor/nota_dinas.xlsx','/tmp/v1make/kantor',20581,1796554143441668951,'63afaa8a90bd3d09d7f434f183eea02d649a4e2972e951bf1c1180a8afa931e6',1796554145074740456,'read',NULL,1,39,1);
INSERT INTO "sources" VALUES('/tmp/v1make/kantor/rumus.xlsx','/tmp/v1make/kantor',19743,1796554143442952413,'0f2c6a2d428428667c941a8e7c0fca2174a57e053df858a9fda1007b4cda5b15',1796554145074740456,'read',NULL,2,20,1);
CREATE INDEX findings_path ON findings(path);
CREATE VIEW events_readable AS
    SELECT s.unit, s.nomor, s.nama, e.event_id, e.case_no, e.step, e.action, datetime(e.at, 'unixepoch') AS at,
           e.actor, e.recorded_by, datetime(e.recorded_at, 'unixepoch') AS recorded_at, e.note, e.refused,
           e.added_run, e.removed_run
    FROM events e JOIN sops s ON s.id = e.sop_id;
CREATE VIEW cases_readable AS
    SELECT s.unit, s.nomor, s.nama, c.case_no, c.subject, c.state, datetime(c.opened, 'unixepoch') AS opened,
           c.step, c.kegiatan, c.holder, datetime(c.step_started, 'unixepoch') AS step_started, c.step_used,
           c.step_norm, c.status, c.total_used, c.total_norm, c.total_status, c.returns,
           datetime(c.closed, 'unixepoch') AS closed, datetime(c.due, 'unixepoch') AS due,
           datetime(c.as_of, 'unixepoch') AS as_of
    FROM cases c JOIN sops s ON s.id = c.sop_id;
CREATE INDEX events_at ON events(at);
COMMIT;
PRAGMA user_version=1;
