import Foundation
import Testing
@testable import ConfabCore

/// Golden counts on the two real samples, counted by hand, and the details of
/// the model on transcripts written for the tests.
@Suite struct SampleGoldenTests {
    let archive: Archive
    let diagnostics: [Diagnostic]

    init() throws {
        let config = SiteConfig(series: [SeriesConfig(key: "badgechat", name: "#BadgeChat", aliases: ["badgechatk12"])])
        (archive, diagnostics) = ConfabCoreTests.archive(
            [try Repository.content(Repository.participateSample), try Repository.content(Repository.plainSample)], config: config)
    }

    var plain: Session { archive.sessions[0] }
    var participate: Session { archive.sessions[1] }

    @Test func bothSamplesReadCleanly() {
        #expect(diagnostics.isEmpty)
        #expect(archive.sessions.map(\.format) == [.plain, .participate])
    }

    @Test func messageCounts() {
        // participate: 62 bullets, 6 quotes of which 5 are in the transcript and 1 is recovered.
        #expect(participate.messages.count == 63)
        #expect(participate.messages.filter(\.knownOnlyFromQuote).count == 1)
        #expect(participate.messages.flatMap(\.quotedIDs).count == 6)
        // plain: 95 lines, 6 reposts.
        #expect(plain.messages.count == 89)
        #expect(archive.messageCount == 152)
    }

    @Test func authorsRolesAndMentions() {
        #expect(archive.participants.map(\.handle) == [
            "AGriffith2017", "cmoor4", "Dale_Chu", "ebarnes73", "kmurfitt1", "Kyle_Clements1",
            "Lydia_Schuck", "maeward2311", "MrPowley", "SenorG",
        ])
        #expect(participate.authors.first == AuthorCount(key: "senorg", count: 35))
        // ebarnes73: one message in the transcript, one recovered from a quote.
        #expect(participate.authors.first { $0.key == "ebarnes73" }?.count == 2)
        #expect(participate.roles == ["senorg": ["Moderator"]])
        #expect(archive.participants.first { $0.key == "senorg" }?.roles == ["Moderator"])
        // `@mrpowley` in text is MrPowley, an author; these two are only mentioned.
        #expect(archive.mentionedOnly.map(\.handle) == ["aurorak12", "StephDeLuca16"])
        #expect(participate.mentioned["mrpowley"] != nil)
    }

    @Test func questionsAndAnswers() {
        #expect(participate.questions.map(\.answerIDs.count) == [6, 6, 7, 2])
        #expect(plain.questions.map(\.answerIDs.count) == [9, 8, 6, 6])
        #expect(participate.answerCount + plain.answerCount == 50)
        #expect(participate.questions.allSatisfy { question in
            participate.messages.first { $0.id == question.messageID }?.author == "SenorG"
        })
        // Replies to answers join the question's thread: SenorG's "Oh wow" answers Kyle's first A1.
        let ohWow = participate.messages.first { $0.text.hasPrefix("Oh wow.") }!
        #expect(participate.questions[0].replyIDs.contains(ohWow.id))
    }

    @Test func offsetsOfTheTwoSessions() {
        #expect(TimeText.offsetText(participate.start.zone) == "UTC−5")
        #expect(TimeText.offsetText(plain.start.zone) == "UTC−4")
        #expect(TimeText.isoText(participate.startInstant) == "2018-03-05T23:30:00Z")
        #expect(TimeText.isoText(plain.startInstant) == "2016-10-03T22:30:00Z")
    }

    @Test func repairedEmoji() {
        let mae = participate.messages.first { $0.author == "maeward2311" }!
        #expect(mae.text == "Hi 👋 Mae here from Millburn, NJ #BadgeChat")
        #expect(!participate.messages.contains { $0.text.contains("đź") })
    }

    @Test func entities() {
        let noah = participate.messages.first { $0.text.hasPrefix("I'm Noah in Denver") }!
        #expect(noah.entities.map(\.kind) == [.hashtag, .url, .hashtag])
        #expect(noah.entities.map(\.value) == ["BadgeSummit", "https://t.co/TPSB4ep8yX", "badgechat"])
        let shown = noah.entities.map { String(decoding: Array(noah.text.utf8)[$0.range], as: UTF8.self) }
        #expect(shown == ["#BadgeSummit", "https://t.co/TPSB4ep8yX", "#badgechat"])
    }

    @Test func seriesAliasesJoinBothSessions() {
        #expect(archive.series == [Series(key: "badgechat", name: "#BadgeChat", aliases: ["badgechatk12"], sessionIndices: [0, 1])])
        #expect(plain.series == "badgechat")
        #expect(plain.hashtag == "#BadgeChatK12")
    }

    @Test func checkReportCounts() {
        let lines = CheckReport.lines(archive)
        #expect(lines == [
            "content/badgechatk12-2016-10-03.txt: #BadgeChatK12, Monday, October 3, 2016, 6:30 PM EDT (UTC−4), plain format",
            "  messages: 89 (6 reposts not counted)",
            "  authors: not recorded in this format",
            "  questions: 4 (Q1 not in the transcript) · answers: Q1 9, Q2 8, Q3 6, Q4 6 (29 in all)",
            "content/badgechat-2018-03-05.txt: #badgechat, Monday, March 5, 2018, 6:30 PM EST (UTC−5), participate format",
            "  messages: 63 (1 known only from a quote)",
            "  authors: 10 · moderators: SenorG · mentioned only: aurorak12, StephDeLuca16",
            "  questions: 4 · answers: Q1 6, Q2 6, Q3 7, Q4 2 (21 in all)",
            "archive: 2 sessions in 1 series, 152 messages, 10 participants, 2 mentioned only, 8 questions, 50 answers",
        ])
    }
}

@Suite struct FixtureTests {
    let file: SourceFile
    let session: Session
    let archive: Archive
    let diagnostics: [Diagnostic]

    init() throws {
        file = try Repository.fixture("participate-midnight.txt")
        (archive, diagnostics) = ConfabCoreTests.archive([file])
        session = try #require(archive.sessions.first)
    }

    func message(_ prefix: String) -> Message? { session.messages.first { $0.text.hasPrefix(prefix) } }
    func line(_ prefix: String) -> Int? { Repository.lines(startingWith: prefix, in: file).first }

    @Test func malformedLinesAreDiagnosedAndKept() {
        #expect(diagnostics.map(\.description) == [
            "content/participate-midnight.txt:\(line("  • Eve - Moderator")!): warning: message line has no readable time; the previous message's time is used",
            "content/participate-midnight.txt:\(line("    • Frank")!): warning: quoted message has no time; kept without one",
            "content/participate-midnight.txt:\(line("  • Dave")!): warning: time 'Jan 1 @ 12:03 AM' has no time zone; the session's zone PST is used",
        ])
        let eve = message("Q2:")
        #expect(eve?.author == "Eve" && eve?.role == "Moderator" && eve?.timeIsWritten == false)
        #expect(eve?.time.clockText == "12:04 AM")
    }

    @Test func midnightAdvancesTheDate() {
        #expect(TimeText.isoText(session.startInstant) == "2020-01-01T07:45:00Z")
        #expect(TimeText.isoText(message("A1. Fewer")!.instant) == "2020-01-01T08:01:00Z")
        #expect(session.messages.map(\.instant) == session.messages.map(\.instant).sorted())
    }

    @Test func multiLineTextAndOwnBulletLists() {
        #expect(message("Hi all")?.text == "Hi all, I'm Bob.\nI host the chat with Ann.\nRead https://example.org/intro.html, it's short.")
        #expect(message("Hi all")?.entities.map(\.value) == ["https://example.org/intro.html"])
        #expect(message("Thanks!")?.text == "Thanks! @hostann\nMy list:\n• one\n• two")
    }

    @Test func messagesRepostsAndQuotes() {
        #expect(session.messages.count == 12)
        let carla = message("A1. Fewer")!
        #expect(carla.repostLines == [Repository.lines(startingWith: "  • Carla Jan 1 @ 12:01 AM PST", in: file)[1]])
        #expect(message("Great answers")?.quotedIDs == [carla.id])
        let frank = message("A1: I was never")
        #expect(frank?.knownOnlyFromQuote == true)
        #expect(frank?.timeIsWritten == false)
        #expect(message("Loved this one")?.quotedIDs == [frank!.id])
    }

    @Test func rolesMentionsAndParticipants() {
        #expect(session.roles == ["hostann": ["Moderator"], "guestbob": ["Guest Host"], "eve": ["Moderator"]])
        #expect(archive.participants.map(\.handle) == ["Carla", "Dave", "Eve", "Frank", "GuestBob", "HostAnn"])
        #expect(archive.mentionedOnly.map(\.handle) == ["ghost_writer"])
        #expect(message("Welcome")?.entities.map(\.value) == ["TestChat", "GuestBob", "ghost_writer"])
    }

    @Test func questionsAnswersAndThreads() {
        #expect(session.questions.map(\.number) == [1, 2])
        let q1 = session.questions[0]
        #expect(q1.text == "What do you wish for in 2020?")
        #expect(q1.messageID == message("Q1)")?.id)
        // The early answer comes before the question; the recovered quote answers too.
        #expect(q1.answerIDs == ["A1: Early", "A1. Fewer", "A1b:", "A1: I was never"].map { message($0)!.id })
        #expect(q1.replyIDs == ["Ha, same", "Great answers", "Loved this"].map { message($0)!.id })
        #expect(message("Ha, same")?.inReplyToID == message("A1. Fewer")?.id)
        #expect(session.questions[1].messageID == message("Q2:")?.id)
        #expect(session.questions[1].answerIDs.isEmpty)
    }

    @Test func mojibakeRepairedOnlyWhereUnambiguous() {
        #expect(message("A1: Early")?.text == "A1: Early answer before the question: café au lait, not café #TestChat")
    }

    @Test func plainWithBOMRepostsAndQuestionFirstSeen() throws {
        let (archive, diagnostics) = ConfabCoreTests.archive([try Repository.fixture("plain-bom.txt")])
        #expect(diagnostics.isEmpty)
        let session = try #require(archive.sessions.first)
        #expect(session.hashtag == "#PlainTest")
        #expect(TimeText.isoText(session.startInstant) == "2020-03-01T20:00:00Z")
        #expect(session.messages.map(\.text) == [
            "Welcome to . I'm your host", "Q1: What is your favourite tool?", "A1: A hammer", "a1 a screwdriver",
            "A2: answering before the question", "Q2 Why?",
        ])
        #expect(session.messages.map(\.repostLines.count) == [0, 1, 1, 0, 0, 0])
        #expect(session.questions.map(\.answerIDs) == [["m3", "m4"], ["m5"]])
        #expect(session.questions.map(\.messageID) == ["m2", "m6"])
    }
}

@Suite struct MalformedInputTests {
    static let header = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM EST\n\n"

    @Test(arguments: [
        ("empty", "", "empty file; skipped"),
        ("blank lines", "\n\n  \n", "empty file; skipped"),
        ("only a title", "#demo Archive\n", "no date line such as 'Monday March 5, 2018' and its time after the title"),
        ("header without messages", "#demo Archive\n\nMonday January 1, 2024\n6:00 PM EST\n\n", "no messages after the date line"),
        ("plain header without messages", "#demo Archive\nMonday January 1, 2024 6:00 PM EST\n", "no messages after the date line"),
        ("date in French", "#demo Archive\n\nlundi 5 mars 2018\n18 h 30\n", "no date line such as"),
        ("no date line", "#demo Archive\n\n  • a Jan 1 @ 6:01 PM EST\n    hi\n", "without a date and time line"),
        ("prose", "Dear diary,\ntoday was fine.\n", "not a transcript in a format Confab reads"),
    ])
    func filesThatAreNotTranscriptsAreSkippedWithAReason(name: String, text: String, reason: String) {
        let (transcripts, diagnostics) = TranscriptReader.read([SourceFile(path: "content/x.txt", text: text)])
        #expect(transcripts.isEmpty, "\(name)")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains(reason) == true, "\(name): \(diagnostics)")
        if !text.isEmpty && !name.contains("blank") { #expect(diagnostics.first?.location.line != nil, "\(name)") }
    }

    @Test(arguments: [
        ("truncated bullet", "  • a Jan 1 @\n    hi\n", ["message line has no readable time"]),
        ("bullet without author", "  •\n    hi\n", ["message line has no author or time"]),
        ("stray text", "stray line\n", ["text before the first message"]),
        ("time without zone", "  • a Jan 1 @ 6:01 PM\n    hi\n", ["has no time zone"]),
        ("bad clock", "  • b Jan 1 @ 25:99 PM EST\n    hi\n", ["cannot read the time"]),
    ])
    func malformedLinesKeepTheSession(name: String, body: String, expected: [String]) {
        // Each case follows one well-formed message, as in a real transcript.
        let first = "  • z Jan 1 @ 6:00 PM EST\n    first\n"
        let text = Self.header + (name == "stray text" ? body + first : first + body)
        let (archive, diagnostics) = archive([SourceFile(path: "content/x.txt", text: text)])
        #expect(archive.sessions.count == 1, "\(name)")
        // The malformed message is kept, with its text, beside the well-formed one.
        let texts = archive.sessions.first?.messages.map(\.text) ?? []
        #expect(texts.contains("first"), "\(name)")
        if name != "stray text" { #expect(texts.contains("hi"), "\(name): \(texts)") }
        #expect(diagnostics.count == expected.count, "\(name): \(diagnostics)")
        for (diagnostic, text) in zip(diagnostics, expected) {
            #expect(diagnostic.message.contains(text), "\(name): \(diagnostic)")
            #expect(diagnostic.location.line != nil)
        }
    }

    @Test func startTimeWithoutZoneIsReadAsUTC() {
        let text = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM\n\n  • a Jan 1 @ 6:01 PM UTC\n    hi\n"
        let (archive, diagnostics) = archive([SourceFile(path: "content/x.txt", text: text)])
        #expect(TimeText.isoText(archive.sessions[0].startInstant) == "2024-01-01T18:00:00Z")
        #expect(diagnostics.map(\.description) == ["content/x.txt:3: warning: start time '6:00 PM' has no time zone; read as UTC"])
    }

    @Test func dateInAnotherLanguageIsReported() {
        let text = "#demo Archive\n\nlundi 5 mars 2018\n18:30 CET\n\n  • a Mar 5 @ 6:31 PM CET\n    salut\n"
        let (archive, diagnostics) = archive([SourceFile(path: "content/x.txt", text: text)])
        #expect(archive.sessions.isEmpty)
        #expect(diagnostics.map(\.description) == [
            "content/x.txt:1: warning: participate transcript without a date and time line after its title; skipped",
        ])
    }

    static let demo = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM EST\n\n"

    func session(_ body: String, header: String = demo) throws -> (Session, [Diagnostic]) {
        let (archive, diagnostics) = archive([SourceFile(path: "content/x.txt", text: header + body)])
        return (try #require(archive.sessions.first), diagnostics)
    }

    @Test func quoteWithoutItsZoneStillLinks() throws {
        let (session, _) = try session("""
          • Dan Jan 1 @ 6:07 PM
            A1: original
          • Ann - Moderator Jan 1 @ 6:08 PM EST
            Nice
            • Dan Jan 1 @ 6:07 PM EST
              A1: original

        """)
        #expect(session.messages.count == 2)
        #expect(session.messages[1].quotedIDs == ["m1"])
    }

    @Test func moderatorRepeatingAQuestionIsNotAnAnswer() throws {
        let (session, _) = try session("""
          • Ann - Moderator Jan 1 @ 6:01 PM EST
            Q1: What now?
          • Bob Jan 1 @ 6:02 PM EST
            A1: This
          • Ann - Moderator Jan 1 @ 6:05 PM EST
            Q1: What now? (reminder)
          • Cy Jan 1 @ 6:06 PM EST
            Q1: that, under the label

        """)
        #expect(session.questions.map(\.answerIDs) == [["m2", "m4"]])
    }

    @Test func replyResolvesToTheFirstNamedPersonWhoWroteEarlier() throws {
        let (session, _) = try session("""
          • Carl Jan 1 @ 6:01 PM EST
            Hello
          • Ann Jan 1 @ 6:02 PM EST
            Hi both
            In reply to @Zed, @Carl

        """)
        #expect(session.messages[1].inReplyToID == "m1")
        #expect(session.messages[1].replyTo == ["Zed", "Carl"])
    }

    @Test func bulletWithoutAuthorKeepsItsTime() throws {
        let (session, diagnostics) = try session("  • Jan 1 @ 6:09 PM EST\n    who said this?\n  • a Jan 1 @ 6:10 PM EST\n    me\n")
        #expect(session.messages[0].author == nil)
        #expect(session.messages[0].time.clockText == "6:09 PM" && session.messages[0].timeIsWritten)
        #expect(diagnostics.map(\.message) == ["message line has no author; its text is kept without one"])
    }

    @Test func quoteWithoutTimeGoesJustBeforeTheMessageQuotingIt() throws {
        let (session, _) = try session("""
          • a Jan 1 @ 6:01 PM EST
            one
          • b Jan 1 @ 6:03 PM EST
            two
          • c Jan 1 @ 6:09 PM EST
            three
            • lost
              from nowhere

        """)
        #expect(session.messages.map(\.text) == ["one", "two", "from nowhere", "three"])
        #expect(session.messages[2].knownOnlyFromQuote && !session.messages[2].timeIsWritten)
    }

    @Test func unreadableStartTimeFallsBackToTheFirstMessage() throws {
        let header = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM - 7:00 PM EST\n\n"
        let (session, diagnostics) = try session("  • a Jan 1 @ 6:01 PM EST\n    hi\n", header: header)
        #expect(TimeText.isoText(session.startInstant) == "2024-01-01T23:01:00Z")
        #expect(diagnostics.first?.message == "cannot read the start time '6:00 PM - 7:00 PM EST'; the first message's time is used")
    }

    @Test func crOnlyLineEnds() throws {
        let text = Self.demo.replacingOccurrences(of: "\n", with: "\r") + "  • a Jan 1 @ 6:01 PM EST\r    hi\r"
        let (archive, diagnostics) = archive([SourceFile(path: "content/x.txt", text: text)])
        #expect(diagnostics.isEmpty)
        #expect(archive.sessions.first?.messages.map(\.text) == ["hi"])
    }

    @Test func seriesOfAccentedTagsStayApart() throws {
        let files = ["ÉcoleChat", "ColeChat"].map { tag in
            SourceFile(path: "content/\(tag).txt", text: "#\(tag) Archive\n\nMonday January 1, 2024\n6:00 PM EST\n\n  • a Jan 1 @ 6:01 PM EST\n    hi\n")
        }
        let (archive, _) = archive(files)
        #expect(Set(archive.series.map(\.key)) == ["écolechat", "colechat"])
        #expect(Set(SiteMap(archive).sessions) == ["sessions/ecolechat-2024-01-01.html", "sessions/colechat-2024-01-01.html"])
    }

    @Test func manyRecoveredQuotesAndParenthesesStayCorrect() throws {
        // Linear-time paths, checked for correctness on inputs that were quadratic before.
        var body = ""
        for i in 0..<2000 {
            let minute = 1 + i / 60
            body += "  • p\(i) Jan 1 @ \(6 + minute / 60):\(Wording.twoDigits(minute % 60)) PM EST\n    reply \(i)\n"
            body += "    • q\(i) Jan 1 @ 6:00 PM EST\n      lost \(i)\n"
        }
        let (session, _) = try session(body)
        #expect(session.messages.count == 4000)
        #expect(session.messages.prefix(2000).allSatisfy { $0.knownOnlyFromQuote })
        let url = "https://a.example/x" + String(repeating: ")", count: 20000)
        #expect(TextEntities.extract(url).map(\.value) == ["https://a.example/x"])
    }
}

@Suite struct DecodingTests {
    @Test func utf8WithBOM() {
        let (text, diagnostics) = TextDecoding.decode(Data([0xEF, 0xBB, 0xBF] + Array("#a Archive".utf8)), path: "x")
        #expect(text == "#a Archive")
        #expect(diagnostics.isEmpty)
    }

    @Test func invalidBytesAreReplacedAndReported() {
        let bytes = Array("caf\u{E9} na\u{EF}ve\n".utf8) + [0x66, 0xFF, 0x0A] + Array("fine\n".utf8)
        let (text, diagnostics) = TextDecoding.decode(Data(bytes), path: "content/x.txt")
        #expect(text == "café naïve\nf\u{FFFD}\nfine\n")
        #expect(diagnostics.map(\.description) == ["content/x.txt:2: warning: invalid UTF-8 bytes replaced with U+FFFD"])
    }

    @Test func latin1FileIsReadAsWindows1252() {
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x20, 0x93, 0x71, 0x94, 0x0A]
        let (text, diagnostics) = TextDecoding.decode(Data(bytes), path: "content/x.txt")
        #expect(text == "café “q”\n")
        #expect(diagnostics.first?.message == "not UTF-8; read as Windows-1252 (Latin-1)")
    }

    @Test func windows1252WithAnAccidentalUTF8PairIsStillWindows1252() {
        // `É’` is C9 92 in Windows-1252, which is also a valid UTF-8 sequence.
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x20] + Array("ROS".utf8) + [0xC9, 0x92] + Array("s\n".utf8)
        let (text, _) = TextDecoding.decode(Data(bytes), path: "content/x.txt")
        #expect(text == "café ROSÉ’s\n")
    }

    @Test func binaryFileIsRefused() {
        let (text, diagnostics) = TextDecoding.decode(Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]), path: "content/x.txt")
        #expect(text == nil)
        #expect(diagnostics.first?.message.contains("binary") == true)
    }

    @Test(arguments: [
        ("đź‘‹", "👋"), ("cafÃ©", "café"), ("â€œquotedâ€\u{9D}", "“quoted”"), ("Ã¼ber", "über"),
        // Left alone: already right, or no single plausible reading.
        ("café", "café"), ("Zürich – naïve", "Zürich – naïve"), ("👋 hi", "👋 hi"), ("łódź", "łódź"), ("日本語", "日本語"),
        ("PÓŁNOC", "PÓŁNOC"), ("TO MŮŽE", "TO MŮŽE"), ("CAFÉ… CAFÉ’s", "CAFÉ… CAFÉ’s"), ("ÉÉ", "ÉÉ"), ("ŽŠ", "ŽŠ"),
    ])
    func mojibake(broken: String, repaired: String) {
        #expect(TextRepair.repairMojibake(broken) == repaired)
    }

    // Found by fuzzing: Foundation's Windows-1250 encoder looped forever on these runs.
    @Test(arguments: ["•\u{FEFF}", "”\u{200B}", "’\u{FE0F}", "„\u{200C}"])
    func mojibakeCheckNextToAnInvisibleCharacterEnds(run: String) {
        #expect(TextRepair.repairMojibake("x \(run) y") == "x \(run) y")
    }

    @Test(arguments: [
        ("see https://a.example/x.", ["https://a.example/x"]),
        ("(https://en.wikipedia.org/wiki/A_(b))", ["https://en.wikipedia.org/wiki/A_(b)"]),
        ("mail me: a@b.com", [String]()),
        ("#1 and #tag_2 and #日本", ["tag_2", "日本"]),
        ("@x_y, @Z!", ["x_y", "Z"]),
        ("https://x.example/#frag #real", ["https://x.example/#frag", "real"]),
        ("javascript:alert(1) #ok", ["ok"]),
    ])
    func entities(text: String, values: [String]) {
        #expect(TextEntities.extract(text).map(\.value) == values)
    }

    /// Local times with their offsets, as message times are published in `datetime`.
    @Test(arguments: [
        (1_520_292_600.0, "EST", "2018-03-05T18:30:00-05:00"),
        (1_520_292_600.0, "IST", "2018-03-06T05:00:00+05:30"),
        (1_520_292_600.0, "UTC", "2018-03-05T23:30:00Z"),
        (1_520_292_600.0, "XYZ", "2018-03-05T23:30:00Z"),      // unknown zone: UTC
        (0.0, "PST", "1969-12-31T16:00:00-08:00"),
        (-1.5, "GMT", "1969-12-31T23:59:58Z"),
        (951_782_400.0, "AEDT", "2000-02-29T11:00:00+11:00"),
    ])
    func localTimesCarryTheirOffset(seconds: Double, zone: String, expected: String) {
        #expect(TimeText.localISOText(Date(timeIntervalSince1970: seconds), zone: zone) == expected)
    }
}
