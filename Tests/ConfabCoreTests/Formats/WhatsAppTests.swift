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
    ] as [(String, String, String?)])
    func attachments(_ line: String, _ name: String, _ type: String?) throws {
        let file = try #require(WhatsAppReader.attachment(line[...], root: ""))
        #expect(file.name == name)
        #expect(file.type == type)
    }

    @Test(arguments: ["see (this)", "<3 you>", "a (file attached)", "<b>bold</b>"])
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
}
