import Foundation
import Testing
@testable import ConfabCore

/// WhatsApp's line layouts, locale by locale, and the files it must leave to other readers.
/// There is no real sample: real exports are private; these lines follow the layouts the
/// app writes (Android `date, time - Name: text`, iOS `[date, time] Name: text`).
@Suite struct WhatsAppTests {
    struct Case: Sendable, CustomStringConvertible {
        var line: String
        /// Day first, as the file would decide.
        var dayFirst: Bool
        var date: String
        var time: String
        var style: WhatsAppReader.Style
        var body: String
        var description: String { line }
    }

    static let cases: [Case] = [
        Case(line: "12/31/21, 9:05 PM - Ana: text", dayFirst: false, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "31/12/2021, 21:05 - Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "31.12.21, 21:05 - Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "2021-12-31, 21:05 - Ana: text", dayFirst: false, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "[31/12/2021, 21:05:33] Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:33", style: .ios, body: "Ana: text"),
        Case(line: "[12/31/21, 9:05:33 PM] Ana: text", dayFirst: false, date: "2021-12-31", time: "21:05:33", style: .ios, body: "Ana: text"),
        Case(line: "[31.12.21 21:05:33] Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:33", style: .ios, body: "Ana: text"),
        Case(line: "[31.12.2021 klo 21.05.33] Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:33", style: .ios, body: "Ana: text"),
        Case(line: "31.12.2021 klo 21.05 - Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "31/12/21, 9:05\u{202F}p. m. - Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "31/12/21, 9:05 p.m. - Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "1/1/22, 12:00\u{A0}a. m. - Ana: text", dayFirst: true, date: "2022-01-01", time: "00:00:00", style: .android, body: "Ana: text"),
        Case(line: "12/31/21, 12:30 pm - Ana: text", dayFirst: false, date: "2021-12-31", time: "12:30:00", style: .android, body: "Ana: text"),
        Case(line: "\u{200E}[31/12/2021, 21:05:33] Ana: \u{200E}image omitted", dayFirst: true, date: "2021-12-31", time: "21:05:33", style: .ios, body: "Ana: \u{200E}image omitted"),
        Case(line: "31/12/2021, 21:05:33: Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:33", style: .iosPlain, body: "Ana: text"),
        Case(line: "31/12/2021 à 21:05 - Ana: text", dayFirst: true, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "2021/12/31 午後9:05 - Ana: text", dayFirst: false, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana: text"),
        Case(line: "2021. 12. 31. 오전 9:05 - Ana: text", dayFirst: false, date: "2021-12-31", time: "09:05:00", style: .android, body: "Ana: text"),
        Case(line: "31/12/2021, 21:05 - Ana added Ben", dayFirst: true, date: "2021-12-31", time: "21:05:00", style: .android, body: "Ana added Ben"),
    ]

    /// Lines real exports wrote, gathered from other parsers' tests and their users' bug reports.
    static let realCases: [Case] = [
        // Pustur/whatsapp-chat-parser tests/parser.test.ts (its "formats" block and issues #224, #237).
        Case(line: "3/6/18, 1:55 p.m. - a: m", dayFirst: true, date: "2018-06-03", time: "13:55:00", style: .android, body: "a: m"),
        Case(line: "03-06-2018, 01.55 PM - a: m", dayFirst: true, date: "2018-06-03", time: "13:55:00", style: .android, body: "a: m"),
        Case(line: "13.06.18 21.25.15: a: m", dayFirst: true, date: "2018-06-13", time: "21:25:15", style: .iosPlain, body: "a: m"),
        Case(line: "[06.13.18 21:25:15] a: m", dayFirst: false, date: "2018-06-13", time: "21:25:15", style: .ios, body: "a: m"),
        Case(line: "13.6.2018 klo 21.25.15 - a: m", dayFirst: true, date: "2018-06-13", time: "21:25:15", style: .android, body: "a: m"),
        Case(line: "[3/6/18 1:55:00 p. m.] a: m", dayFirst: true, date: "2018-06-03", time: "13:55:00", style: .ios, body: "a: m"),
        Case(line: "\u{200E}[3/6/18 1:55:00 p. m.] a: m", dayFirst: true, date: "2018-06-03", time: "13:55:00", style: .ios, body: "a: m"),
        Case(line: "[2018/06/13, 21:25:15] a: m", dayFirst: true, date: "2018-06-13", time: "21:25:15", style: .ios, body: "a: m"),
        Case(line: "23/06/2018, 01:55 p.m. - Loris: one", dayFirst: true, date: "2018-06-23", time: "13:55:00", style: .android, body: "Loris: one"),
        Case(line: "20/6/2017 8:28\u{A0}p. m. - Michelle: test", dayFirst: true, date: "2017-06-20", time: "20:28:00", style: .android, body: "Michelle: test"),
        Case(line: "30/12/2020 13:00 - User: text", dayFirst: true, date: "2020-12-30", time: "13:00:00", style: .android, body: "User: text"),
        Case(line: "[7/11/2017, 8:20:41 PM] someone: bla bla bla", dayFirst: true, date: "2017-11-07", time: "20:20:41", style: .ios, body: "someone: bla bla bla"),
        // joweich/chat-miner test/whatsapp/testlog.txt.
        Case(line: "12/24/19, 11:23 - John Doe: Lorem ipsum : dolor sit amet.", dayFirst: false, date: "2019-12-24", time: "11:23:00", style: .android, body: "John Doe: Lorem ipsum : dolor sit amet."),
        Case(line: "12/24/14, 17:08 - +12 345 578 created group \"Groupname\"", dayFirst: false, date: "2014-12-24", time: "17:08:00", style: .android, body: "+12 345 578 created group \"Groupname\""),
        Case(line: "9/24/2019 11:30 p.m. - John Doe: Hello world", dayFirst: false, date: "2019-09-24", time: "23:30:00", style: .android, body: "John Doe: Hello world"),
        Case(line: "9/24/2019 11:30 a.m. - John Doe: Testing am", dayFirst: false, date: "2019-09-24", time: "11:30:00", style: .android, body: "John Doe: Testing am"),
        Case(line: "12/24/2019 11:30 p. m. - John Doe: Testing spacing in pm", dayFirst: false, date: "2019-12-24", time: "23:30:00", style: .android, body: "John Doe: Testing spacing in pm"),
        Case(line: "09/10/22 10:37:00 p.m. - John Doe: x", dayFirst: false, date: "2022-09-10", time: "22:37:00", style: .android, body: "John Doe: x"),
        Case(line: "[09/10/22 10:37:00 p.m.] John Doe: Testing brackets", dayFirst: false, date: "2022-09-10", time: "22:37:00", style: .ios, body: "John Doe: Testing brackets"),
        Case(line: "09-10-2022 10:37:00 p.m. - John Doe: Testing date dashes", dayFirst: false, date: "2022-09-10", time: "22:37:00", style: .android, body: "John Doe: Testing date dashes"),
        Case(line: "[10.24.21, 15:21:43] John-John Doe: x", dayFirst: false, date: "2021-10-24", time: "15:21:43", style: .ios, body: "John-John Doe: x"),
        Case(line: "10.24.21, 15:21:43 - John-John Doe: Testing dash - in body", dayFirst: false, date: "2021-10-24", time: "15:21:43", style: .android, body: "John-John Doe: Testing dash - in body"),
        Case(line: "09/10/22, 10:37\u{202F}p.\u{A0}m. - John Doe: Testing abnormal unicode", dayFirst: false, date: "2022-09-10", time: "22:37:00", style: .android, body: "John Doe: Testing abnormal unicode"),
        Case(line: "7.9.2020, 11:23 - Author A: Message A", dayFirst: true, date: "2020-09-07", time: "11:23:00", style: .android, body: "Author A: Message A"),
        // nmoya/whatsapp-parser issue #4: early iOS, no brackets.
        Case(line: "09/12/2012 17:03:48: Sender Name: Message", dayFirst: true, date: "2012-12-09", time: "17:03:48", style: .iosPlain, body: "Sender Name: Message"),
        Case(line: "3/24/14, 1:59:59 PM: Sender Name: Message", dayFirst: false, date: "2014-03-24", time: "13:59:59", style: .iosPlain, body: "Sender Name: Message"),
        Case(line: "24/3/14, 13:59:59: Sender Name: Message", dayFirst: true, date: "2014-03-24", time: "13:59:59", style: .iosPlain, body: "Sender Name: Message"),
        // automaciej/whatsapp-archive whatsapp_archive_test.py and issue #7 (Russian).
        Case(line: "2016-06-27, 8:04:08 AM: Neil: Hi", dayFirst: false, date: "2016-06-27", time: "08:04:08", style: .iosPlain, body: "Neil: Hi"),
        Case(line: "19-02-18 17:02 - human1: Hola", dayFirst: true, date: "2018-02-19", time: "17:02:00", style: .android, body: "human1: Hola"),
        Case(line: "17/12/2022 à 17:25 - personne1: Vaccin ok", dayFirst: true, date: "2022-12-17", time: "17:25:00", style: .android, body: "personne1: Vaccin ok"),
        Case(line: "12.02.19, 14:22 - Сообщения в данной группе теперь защищены", dayFirst: true, date: "2019-02-12", time: "14:22:00", style: .android, body: "Сообщения в данной группе теперь защищены"),
        // mowolf/ChatAnalyzer issue #11 (French, Switzerland).
        Case(line: "02.05.18 à 18:00 - Michel Sahli: message", dayFirst: true, date: "2018-05-02", time: "18:00:00", style: .android, body: "Michel Sahli: message"),
        // dimagi/open-chat-studio issue #221 (English Canada, English South Africa).
        Case(line: "2023-12-20, 5:46 p.m. - Farid: hi", dayFirst: true, date: "2023-12-20", time: "17:46:00", style: .android, body: "Farid: hi"),
        Case(line: "2023/12/20, 5:46 pm - Farid: hi", dayFirst: true, date: "2023-12-20", time: "17:46:00", style: .android, body: "Farid: hi"),
        // rodrigogs/whats-reader issue #78 (German iOS, Spanish Android).
        Case(line: "[05.08.23, 5:52:02\u{202F}PM] Hana: Messages and calls are end-to-end encrypted.", dayFirst: true, date: "2023-08-05", time: "17:52:02", style: .ios, body: "Hana: Messages and calls are end-to-end encrypted."),
        Case(line: "[07.03.26, 21:22:39] Chris: Hey 👋", dayFirst: true, date: "2026-03-07", time: "21:22:39", style: .ios, body: "Chris: Hey 👋"),
        Case(line: "28/3/2025, 9:29\u{202F}p.\u{A0}m. - user1: PTT-20250328-WA0014.opus (archivo adjunto)", dayFirst: true, date: "2025-03-28", time: "21:29:00", style: .android, body: "user1: PTT-20250328-WA0014.opus (archivo adjunto)"),
        // vitormarcal/chatvault issue #148; ChatLab/ChatLab pull #131 (narrow no-break space before PM).
        Case(line: "[11/04/2013, 21:56:03] Name: Name changed the group name to “my family”", dayFirst: true, date: "2013-04-11", time: "21:56:03", style: .ios, body: "Name: Name changed the group name to “my family”"),
        Case(line: "[14/10/2021, 3:34:09\u{202F}PM] A: x", dayFirst: true, date: "2021-10-14", time: "15:34:09", style: .ios, body: "A: x"),
        // mtln/chat-export pull #28 (Indonesian: dotted time, no comma).
        Case(line: "30/08/25 18.00 - A: x", dayFirst: true, date: "2025-08-30", time: "18:00:00", style: .android, body: "A: x"),
        // linuswillner/whatsapp-export-inconsistencies message-format.md (iOS Finnish, Android Swedish).
        Case(line: "[1.1.2019, 12.00.00] John Doe: Hello 😄", dayFirst: true, date: "2019-01-01", time: "12:00:00", style: .ios, body: "John Doe: Hello 😄"),
        Case(line: "2019-01-01 12:00 - John Doe: Hello 😄", dayFirst: true, date: "2019-01-01", time: "12:00:00", style: .android, body: "John Doe: Hello 😄"),
        // Turkish export in a parser's test (find_string "(dosya ekli)").
        Case(line: "08.10.2026 14:06 - Ayşe: tamam", dayFirst: true, date: "2026-10-08", time: "14:06:00", style: .android, body: "Ayşe: tamam"),
        Case(line: "[08.10.2026 14:05:22] Grup: Mesajlar şifrelidir.", dayFirst: true, date: "2026-10-08", time: "14:05:22", style: .ios, body: "Grup: Mesajlar şifrelidir."),
        // whats_json tests; German LOCALE_DE of a whatsapp-to-sqlite test.
        Case(line: "3/27/22, 21:41:35 - Elon Musk: Hello, Space", dayFirst: false, date: "2022-03-27", time: "21:41:35", style: .android, body: "Elon Musk: Hello, Space"),
        Case(line: "16.01.21, 23:09 - John Doe: abcdefgh.jpg (Datei angehängt)", dayFirst: true, date: "2021-01-16", time: "23:09:00", style: .android, body: "John Doe: abcdefgh.jpg (Datei angehängt)"),
    ]

    @Test(arguments: realCases)
    func parsesRealStamp(_ test: Case) throws { try parsesStamp(test) }

    /// Every real line is one the sniffing counts as WhatsApp's own.
    @Test(arguments: realCases)
    func realStampsAreDistinctive(_ test: Case) throws {
        let (stamp, _) = try #require(WhatsAppReader.parseStamp(test.line[...]))
        #expect(stamp.isDistinctive)
    }

    @Test(arguments: cases)
    func parsesStamp(_ test: Case) throws {
        let (stamp, body) = try #require(WhatsAppReader.parseStamp(test.line[...]))
        let date = try #require(stamp.date(dayFirst: test.dayFirst))
        let seconds = try #require(stamp.seconds)
        #expect(date.description == test.date)
        #expect(String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60) == test.time)
        #expect(stamp.style == test.style)
        #expect(String(body) == test.body)
    }

    @Test(arguments: [
        "Ana: text", "[12:34] <ana> hi", "12:34 <ana> hi", "2015-02-14 12:34:56\tana\thi", "[14-Feb-15 10:00 AM] user#1234",
        "31/12/2021 21:05 Ana: no separator", "31/12/2021, 25 - x", "31/12/2021, 21:5 - x",
    ])
    func rejectsOtherLines(_ line: String) {
        #expect(WhatsAppReader.parseStamp(line[...]) == nil || WhatsAppReader.parseStamp(line[...])?.0.isDistinctive == false)
    }

    @Test func impossibleDatesAndTimes() throws {
        let (date, _) = try #require(WhatsAppReader.parseStamp("13/45/21, 9:06 PM - Ana: x"))
        #expect(date.date(dayFirst: true) == nil && date.date(dayFirst: false) == nil)
        let (time, _) = try #require(WhatsAppReader.parseStamp("12/31/21, 13:05 PM - Ana: x"))
        #expect(time.seconds == nil)
        let (leap, _) = try #require(WhatsAppReader.parseStamp("29/02/2023, 10:00 - Ana: x"))
        #expect(leap.date(dayFirst: true) == nil)
    }

    @Test(arguments: [
        ("WhatsApp Chat with Book Club", "Book Club"), ("WhatsApp Chat - Family", "Family"), ("WhatsApp-Chat mit Verein", "Verein"),
        ("Chat de WhatsApp con Lucía", "Lucía"), ("Conversa do WhatsApp com Ana (1)", "Ana"), ("notes", nil),
    ] as [(String, String?)])
    func chatNames(_ stem: String, _ expected: String?) {
        #expect(WhatsAppReader.nameAfterWhatsApp(stem) == expected)
    }

    @Test(arguments: [
        ("IMG-20211231-WA0001.jpg (file attached)", "IMG-20211231-WA0001.jpg", "image"),
        ("<attached: 00000012-PHOTO-2021-12-31-21-05-33.jpg>", "00000012-PHOTO-2021-12-31-21-05-33.jpg", "image"),
        ("PTT-20211231-WA0002.opus (Datei angehängt)", "PTT-20211231-WA0002.opus", "audio"),
        ("<Media omitted>", "media", nil), ("video omitted", "video", "video"),
        ("Report.pdf • 3 pages document omitted", "Report.pdf", "document"),
        // Pustur/whatsapp-chat-parser tests/parser.test.ts: spaces inside the brackets.
        ("< attached: 00000042-PHOTO-2020-06-07-15-13-20.jpg >", "00000042-PHOTO-2020-06-07-15-13-20.jpg", "image"),
        // linuswillner/whatsapp-export-inconsistencies attachments-non-conformant.md: iOS documents and contacts, Android contacts.
        ("test_document • 2 pages <attached: 00000001-test_document.pdf>", "00000001-test_document.pdf", "document"),
        ("<attached: 00000001-John Doe.vcf>", "00000001-John Doe.vcf", "contact card"),
        ("John Doe.vcf (file attached)", "John Doe.vcf", "contact card"),
        ("Contact card omitted", "contact card", "contact card"),
        // rodrigogs/whats-reader issue #78 (Spanish Android); a Turkish export in a parser's test.
        ("IMG-20250330-WA0010.jpg (archivo adjunto)", "IMG-20250330-WA0010.jpg", "image"),
        ("IMG-20261008-WA0001.jpg (dosya ekli)", "IMG-20261008-WA0001.jpg", "image"),
        ("<Medya dahil edilmedi>", "media", nil),
        ("<pièce jointe : 00000012-PHOTO-2021-12-31-21-05-33.jpg>", "00000012-PHOTO-2021-12-31-21-05-33.jpg", "image"),
    ] as [(String, String, String?)])
    func attachments(_ line: String, _ name: String, _ type: String?) throws {
        let file = try #require(WhatsAppReader.attachment(line[...], root: ""))
        #expect(file.name == name)
        #expect(file.type == type)
    }

    @Test(arguments: ["see (this)", "<3 you>", "a (file attached)", "<b>bold</b>", "see <this: x.jpg>", "a long label here: <x: y.jpg>"])
    func notAttachments(_ line: String) {
        #expect(WhatsAppReader.attachment(line[...], root: "") == nil)
    }

    static func source(_ text: String, path: String = "content/chat.txt") -> Source { Source(SourceFile(path: path, text: text)) }

    @Test func claimsItsOwn() {
        #expect(WhatsAppReader.confidence(Self.source("12/31/21, 9:05 PM - Ana: hi\n12/31/21, 9:06 PM - Ben: yo\n")) == 85)
        #expect(WhatsAppReader.confidence(Self.source("\u{FEFF}\u{200E}[31/12/2021, 21:05:33] Ana: \u{200E}Messages are encrypted.\n[31/12/2021, 21:05:40] Ana: hi\n")) == 85)
        let zip = Source(path: "content/WhatsApp Chat - Fam.zip", kind: .zip,
                         files: [SourceFile(path: "content/WhatsApp Chat - Fam.zip/_chat.txt", text: "[31/12/2021, 21:05:40] Ana: hi\n")],
                         media: ["00000012-PHOTO-2021-12-31-21-05-33.jpg"])
        #expect(WhatsAppReader.confidence(zip) == 90)
        #expect(WhatsAppReader.claimsFolder(["_chat.txt", "00000012-PHOTO-2021-12-31-21-05-33.jpg"]))
        #expect(WhatsAppReader.claimsFolder(["WhatsApp Chat with Ana.txt", "IMG-20211231-WA0001.jpg"]))
        #expect(!WhatsAppReader.claimsFolder(["WhatsApp Chat with Ana.txt", "WhatsApp Chat with Ben.txt", "IMG-20211231-WA0001.jpg"]))
        #expect(!WhatsAppReader.claimsFolder(["notes.txt", "photo.jpg"]))
    }

    @Test(arguments: [
        // IRC: irssi, WeeChat, ZNC, X-Chat.
        "--- Log opened Sat Feb 14 00:00:00 2015\n12:34 <ana> hi: there\n12:35 <ben> yo\n",
        "2015-02-14 12:34:56\tana\thi: there\n2015-02-14 12:35:00\tben\tyo\n",
        "[12:34:56] <ana> hi: there\n[12:35:00] <ben> yo\n",
        "**** BEGIN LOGGING AT Sat Feb 14 12:00:00 2015\n\nFeb 14 12:34:56 <ana>\thi: there\n",
        "[2015-02-14 12:34:56] <ana> hi: there\n[2015-02-14 12:35:00] <ben> yo\n",
        // Zoom.
        "10:00:05 From Ana to Everyone: hi\n10:00:09 From Ben to Everyone: yo\n",
        "10:00:05\t From  Ana : hi\n10:00:09\t From  Ben : yo\n",
        // DiscordChatExporter TXT, old and new.
        "==============================================================\nGuild: G\nChannel: general\n==============================================================\n\n[14-Feb-15 10:00 AM] user#1234\nhi: there\n",
        "[2/14/2015 10:00 AM] user#1234\nhi: there\n\n[2/14/2015 10:01 AM] other#9999\nyo\n",
        // Twitter-chat transcripts.
        "#edchat Archive\n\n- **Ana** (moderator) 8:00 PM EST: Welcome: Q1\n",
        "#edchat Archive\nMarch 3, 2021 8:00 PM EST\nWelcome: Q1\n",
        // JSON.
        "{\"messages\": [{\"date\": \"12/31/21, 9:05 PM - Ana: hi\"}]}",
        "[{\"ts\": \"1\"}]",
    ])
    func leavesOthersAlone(_ text: String) {
        #expect(WhatsAppReader.confidence(Self.source(text)) == 0)
    }

    /// A 10 MB line and many short lines read in linear time and are cut, not kept whole.
    @Test func hostileSizes() {
        let long = "12/31/21, 9:05 PM - Ana: " + String(repeating: "x", count: 10 << 20) + "\n" + String(repeating: "more\n", count: 300_000)
        let (chats, diagnostics) = WhatsAppReader.read(Self.source(long))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.events.count == 1)
        #expect(diagnostics.contains { $0.message.contains("longer than 1 MB") })
        #expect(WhatsAppReader.parseStamp(Substring(String(repeating: "1", count: 1 << 20))) == nil)
    }

    /// Lines made of the stamp's own pieces in random order never crash the reader.
    @Test func shuffledPieces() {
        let pieces = ["[", "]", "1", "12", "31", "2021", "/", ".", "-", ",", " ", "\u{202F}", ":", "PM", "p. m.", "klo ", "午後",
                      "\u{200E}", "\u{2068}", "\u{2069}", "@", "Ana", ": ", "<", ">", "attached: x.jpg", " (file attached)", "\n", "é", "👍🏽"]
        var seed: UInt64 = 42
        func next() -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int(seed >> 33) }
        var text = ""
        for _ in 0..<20_000 { text += pieces[next() % pieces.count] }
        let (chats, _) = WhatsAppReader.read(Self.source(text))
        _ = chats
        let cut = WhatsAppReader.cut(Substring(String(repeating: "é👍🏽", count: 200_000)))
        #expect(cut.utf8.count <= WhatsAppReader.bodyLimit && cut.utf8.count > WhatsAppReader.bodyLimit - 8)
    }

    /// WhatsApp's own formatting becomes styles; the markers leave the text, and snake_case stays text.
    @Test func formattingBecomesStyles() throws {
        let text = "31/12/2021, 21:05 - Ana: *bold* and _italic_ and ~gone~ and `code` in my_file_name\n31/12/2021, 21:06 - Ben: ```let x = 1```\n"
        let (chats, _) = WhatsAppReader.read(Self.source(text))
        guard case .conversation(let chat) = try #require(chats.first) else { Issue.record("no conversation"); return }
        #expect(chat.events.map(\.text) == ["bold and italic and gone and code in my_file_name", "let x = 1"])
        let kinds = chat.events[0].marks.compactMap { mark -> String? in
            guard case .style(let kind) = mark.kind else { return nil }
            let utf8 = Array(chat.events[0].text.utf8)
            return "\(kind.rawValue):\(String(decoding: utf8[mark.range], as: UTF8.self))"
        }
        #expect(kinds.sorted() == ["bold:bold", "code:code", "italic:italic", "strike:gone"])
        #expect(chat.events[1].marks.contains { $0.kind == .style(.pre) })
    }
}
