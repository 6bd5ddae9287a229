import Foundation
import Testing
@testable import ConfabCore

/// The real Zoom chats in `../shared/samples/formats/zoom/` (not copied into the
/// repository), read and normalized; the counts were taken by reading the files.
@Suite struct ZoomSampleTests {
    static let folder = Repository.formatSamples.appendingPathComponent("zoom")
    static let workshop = "zoom_design-graphql-schemas-workshop-2019-11-11.txt"
    static let meetup = "zoom_keys-to-code-review-meetup.txt"
    static var present: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(workshop).path) }

    struct Reading {
        var conversation: RawConversation?
        var readDiagnostics: [Diagnostic]
        var archive: Archive
    }

    static func read(_ name: String) throws -> Reading {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let source = Source(SourceFile(path: "content/\(name)", text: text))
        #expect(ZoomReader.confidence(source) == 90)
        #expect(MatrixLogReader.confidence(source) == 0)
        #expect(SlackReader.confidence(source) == 0)
        let (chats, diagnostics) = FormatRegistry.read(source)
        let conversations = chats.compactMap { chat -> RawConversation? in
            if case .conversation(let conversation) = chat { conversation } else { nil }
        }
        #expect(conversations.count == 1)
        let built = Normalizer.sessions(chats, config: SiteConfig())
        let (archive, _) = Normalizer.archive([built], config: SiteConfig())
        return Reading(conversation: conversations.first, readDiagnostics: diagnostics, archive: archive)
    }

    /// The 2019 layout (a tab after the time): 161 messages from 31 people, 19:32:08 on
    /// 2019-11-11 (the date in the file's name) to 00:39:24 the next day; three messages go on
    /// over lines of their own (code at 20:03:47, 22:27:11 and 23:45:24); the two blank lines after
    /// Jesse's at 00:28:55 are dropped.
    @Test(.enabled(if: present)) func workshop() throws {
        let reading = try Self.read(Self.workshop)
        #expect(reading.readDiagnostics.isEmpty)
        let conversation = try #require(reading.conversation)
        #expect(conversation.note == ReadingNote(layout: "Zoom (tab)", dates: .fileName(Self.workshop), timeZone: ReadSettings().zoneName))
        #expect(conversation.channel.name == "zoom_design-graphql-schemas-workshop")
        let events = conversation.events
        #expect(events.count == 161)
        #expect(events.allSatisfy { $0.kind == .message && $0.replyTo == nil && $0.reactions.isEmpty })
        #expect(Set(events.compactMap(\.author)).count == 31)
        #expect(events.first?.author == .name("cbmd"))
        #expect(events.first?.time == TextLog.instant(LocalDate(year: 2019, month: 11, day: 11), seconds: 19 * 3600 + 32 * 60 + 8, in: .gmt))
        #expect(events.last?.author == .name("Eduardo Zamora"))
        #expect(events.last?.time == TextLog.instant(LocalDate(year: 2019, month: 11, day: 12), seconds: 39 * 60 + 24, in: .gmt))
        let code = try #require(events.first { $0.location.line == 26 })
        #expect(code.text == "{\n  product(id: \"abc\"){\n    name\n    description\n    image\n  }\n}")
        #expect(events.filter { $0.text.contains("\n") }.count == 3)
        // The clock passes midnight: 23:56:53, then 00:01:00 on the 12th.
        #expect(events.filter { $0.time >= TextLog.instant(LocalDate(year: 2019, month: 11, day: 12), seconds: 0, in: .gmt) }.count == 26)
        let archive = reading.archive
        // One meeting is one session, though it ran past midnight.
        #expect(archive.sessions.map(\.date) == [LocalDate(year: 2019, month: 11, day: 11)])
        #expect(archive.sessions.flatMap(\.messages).count == 161)
        #expect(archive.participants.count == 31)
    }

    /// The 2021 layout (`to Everyone`): 14 messages from 5 people, 18:21:48 to 19:39:16; no
    /// date anywhere, so one session on 1970-01-01 and the warning that says so.
    @Test(.enabled(if: present)) func meetup() throws {
        let reading = try Self.read(Self.meetup)
        #expect(reading.readDiagnostics.map(\.message) == ["no date in content/\(Self.meetup): not on its lines, in a header, its name or folder, nor in 'dates' of site.yaml; its messages are kept in order as one session"])
        let conversation = try #require(reading.conversation)
        #expect(conversation.note == ReadingNote(layout: "Zoom (to Everyone)", dates: .none, timeZone: ReadSettings().zoneName))
        let events = conversation.events
        #expect(events.count == 14)
        #expect(Set(events.compactMap(\.author)) == [.name("Grace Choi"), .name("Kimberly Burnett"), .name("Rolliene Mallari"), .name("Mai Ngo"), .name("Camilla M")])
        #expect(events.filter { $0.author == .name("Grace Choi") }.count == 8)
        #expect(events.last?.text == "metroretro.io")
        #expect(reading.archive.sessions.count == 1)
        #expect(reading.archive.sessions.first?.messages.count == 14)
    }
}

/// Zoom's header lines, each layout and its variants.
@Suite struct ZoomLineTests {
    @Test func headers() {
        let tab = ZoomReader.header("19:32:08\t From  Ann Lee : hello : world")
        #expect(tab == .init(seconds: 70328, layout: .tab, sender: "Ann Lee", recipient: nil, isPrivate: false, text: "hello : world"))
        let tabPrivate = ZoomReader.header("19:32:08\t From  Ann  to  Bob(Privately) : psst")
        #expect(tabPrivate == .init(seconds: 70328, layout: .tab, sender: "Ann", recipient: "Bob", isPrivate: true, text: "psst"))
        // The oldest layout wrote ` to ` only for private messages: here it is in a name.
        #expect(ZoomReader.header("10:00:00\t From Back to Basics : hi")?.sender == "Back to Basics")
        let one = ZoomReader.header("18:21:48 From Grace Choi to Everyone : We do")
        #expect(one == .init(seconds: 66108, layout: .oneLine, sender: "Grace Choi", recipient: "Everyone", isPrivate: false, text: "We do"))
        #expect(ZoomReader.header("18:21:48 From  Ann  to  Everyone : x")?.sender == "Ann")
        #expect(ZoomReader.header("18:21:48 From Ann to Bob Smith(Direct Message) : x")?.isPrivate == true)
        #expect(ZoomReader.header("18:21:48 From Ann to Bob Smith(Direct Message) : x")?.recipient == "Bob Smith")
        #expect(ZoomReader.header("18:21:48 From Ann to Bob(privately) : x")?.isPrivate == true)
        #expect(ZoomReader.header("18:21:48 From Ann to Everyone in Waiting Room : x")?.isPrivate == false)
        #expect(ZoomReader.header("18:21:48 From Ann to Hosts and panelists : x")?.isPrivate == true)
        let two = ZoomReader.header("15:01:39 From Michael M to Everyone:")
        #expect(two == .init(seconds: 54099, layout: .twoLine, sender: "Michael M", recipient: "Everyone", isPrivate: false, text: nil))
        #expect(ZoomReader.header("15:01:39 From Ann to Bob(Direct Message):")?.isPrivate == true)
        // Not Zoom: IRC, WhatsApp, DiscordChatExporter, matrix-archive-bot.
        for line: Substring in ["[12:00:01] <nick> From here : text", "12:00 <nick> From x : y", "12/31/20, 10:00 PM - Ann: From Bob : x",
                                "[1/1/2020 10:00 AM] Ann", "[14:15:41.0587] <mpcsh>", "2021-01-16", "12:00:01 From : x", "25:00:00 From Ann : x"] {
            #expect(ZoomReader.header(line) == nil, "\(line)")
        }
    }

    /// Header lines real chats wrote, from other tools' fixtures and notes that pasted them:
    /// (line, sender, recipient, private, text).
    static let realHeaders: [(String, String, String?, Bool, String?)] = [
        // bushong1/zoom-chat-parse test-zoom-chat.txt: two spaces around names, a space after the colon.
        ("10:01:00 From  John Doe  to  Everyone: ", "John Doe", "Everyone", false, nil),
        ("10:04:06 From  Charlie Barlie (she/her)  to  Everyone: ", "Charlie Barlie (she/her)", "Everyone", false, nil),
        ("10:03:00 From  John Doe to Open Mike(Direct Message):", "John Doe", "Open Mike", true, nil),
        // A course's notes (find_string "to  Everyone:"); ethereum/pm meeting notes.
        ("19:52:01 From  Brett Gustafson  to  Everyone:", "Brett Gustafson", "Everyone", false, nil),
        ("19:54:11 From  Candido Lopez - Evolve Academy  to  Everyone:", "Candido Lopez - Evolve Academy", "Everyone", false, nil),
        ("09:00:46 From  MariusVanDerWijden  to  Everyone:", "MariusVanDerWijden", "Everyone", false, nil),
        // Tab layout, from parsers' comments and a pasted class chat (find_string "(Privately) :").
        ("09:46:01\t From Luke Farmer to Mark Kwong (Privately) : Mr. Kwong im leaving", "Luke Farmer", "Mark Kwong", true, "Mr. Kwong im leaving"),
        ("11:08:23\t From zavala ivana to Valderrama Jesús (Privately) : ZAVALA IVANA, PRESENT", "zavala ivana", "Valderrama Jesús", true, "ZAVALA IVANA, PRESENT"),
        ("13:36:01\t From  Joe Cassidy : Can you declare multiple \"using namespace X\"?", "Joe Cassidy", nil, false, "Can you declare multiple \"using namespace X\"?"),
        ("13:36:16\t From  Matthew Meidt  to  Luke(Privately) : Yes it is", "Matthew Meidt", "Luke", true, "Yes it is"),
        ("11:51:11\t From 黑貓 : 對", "黑貓", nil, false, "對"),
        ("11:52:50\t From 黑貓  To  鄭鴻旗(privately) : 突然想到", "黑貓", "鄭鴻旗", true, "突然想到"),
        // kjhealy/zoomchattr README: one-line layout with direct messages.
        ("11:05:28 From Kieran Healy to laursmither(Direct Message) : It should be under", "Kieran Healy", "laursmither", true, "It should be under"),
    ]

    @Test func realHeaderLines() {
        for (line, sender, recipient, isPrivate, text) in Self.realHeaders {
            let header = ZoomReader.header(line[...])
            #expect(header?.sender == sender, "\(line)")
            #expect(header?.recipient == recipient, "\(line)")
            #expect(header?.isPrivate == isPrivate, "\(line)")
            #expect(header?.text.map(String.init) == text, "\(line)")
        }
    }

    /// hoosierEE/prettier-zoom-chat-logs README: the chat Zoom's web portal gives with a cloud
    /// recording, times counted from the recording's start, a tab each side of `Name:`.
    @Test func cloudRecordingChat() throws {
        let text = "00:58:04\tAlex:\tDepends on your teaching style, I guess.\n00:58:20\tWheezy:\tDid  you check out https://scikit-learn.org/ ?\n\nAre you putting a multiclass AUC ROC in your paper?\n00:59:20\tAlex:\tReplying to \"Depends on your teac...\"\n\nI'm not sure!\n01:00:13\tWheezy:\tReacted to \"Depends on your teac...\" with 👍\n01:01:30\tAlex:\tSee ya!\n"
        let source = Source(SourceFile(path: "content/2022-04-21 10.11.23 Class/chat.txt", text: text))
        #expect(ZoomReader.confidence(source) == 90)
        let header = try #require(ZoomReader.header("00:58:04\tAlex:\tDepends on your teaching style, I guess."))
        #expect(header.sender == "Alex" && header.text == "Depends on your teaching style, I guess." && header.seconds == 3484)
        let (chats, diagnostics) = ZoomReader.read(source)
        guard case .conversation(let chat)? = chats.first else { Issue.record("no conversation"); return }
        #expect(diagnostics.isEmpty)
        #expect(chat.note?.layout == "Zoom (cloud recording)")
        #expect(chat.events.map(\.text) == ["Depends on your teaching style, I guess.",
                                            "Did  you check out https://scikit-learn.org/ ?\n\nAre you putting a multiclass AUC ROC in your paper?",
                                            "I'm not sure!", "See ya!"])
        #expect(chat.events[0].reactions.map(\.emoji) == ["👍"])
        #expect(chat.events[2].replyTo == chat.events[0].id)
        // 10:11:23 and 58 minutes 4 seconds, read in UTC.
        #expect(chat.events[0].time == ISO8601DateFormatter().date(from: "2022-04-21T11:09:27Z"))
    }

    @Test func specials() {
        #expect(ZoomReader.special("Replying to \"When are we going to...\"\n\nWe already do") == .reply(quote: "When are we going to...", rest: "We already do"))
        #expect(ZoomReader.special("Reacted to \"We already do\" with 😂") == .reaction(quote: "We already do", emoji: "😂"))
        #expect(ZoomReader.special("Reacted to \"He said \"yes\"\" with 👍🏽") == .reaction(quote: "He said \"yes\"", emoji: "👍🏽"))
        #expect(ZoomReader.special("Removed a 👍 reaction from \"We already do\"") == .removal(quote: "We already do", emoji: "👍"))
        #expect(ZoomReader.special("Reacted to this talk with joy") == nil)
        #expect(ZoomReader.quoteKey("When are we   going to...") == "When are we going to")
        #expect(ZoomReader.quoteKey("Wait…") == "Wait")
    }

    @Test func meetingFolders() {
        #expect(ZoomReader.meetingFolder("2020-09-15 10.00.00 Topic Name 123456789")! == (36000, "Topic Name"))
        #expect(ZoomReader.meetingFolder("2020-09-15 23.30.05 Weekly sync")! == (84605, "Weekly sync"))
        #expect(ZoomReader.meetingFolder("2020-09-15 10.00.00 98765432101")! == (36000, nil))
        #expect(ZoomReader.meetingFolder("2020-09-15 notes") == nil)
    }

    @Test func safeNames() {
        var phones: [String: String] = [:]
        #expect(TextLogNames.safe("ann.lee@example.com", phones: &phones) == "ann.lee")
        #expect(TextLogNames.safe("+1 415 555 0100", phones: &phones) == "Phone caller 1")
        #expect(TextLogNames.safe("14155550199", phones: &phones) == "Phone caller 2")
        #expect(TextLogNames.safe("+1 415 555 0100", phones: &phones) == "Phone caller 1")
        #expect(TextLogNames.safe("Ann (she/her)", phones: &phones) == "Ann (she/her)")
    }

    /// A 10 MB line, and 20,000 reactions to quotes that match nothing but share their start
    /// with every message: read in linear time, the long message cut at 1 MB with a warning.
    static let crowd = 20_000
    @Test func hostileInput() {
        let long = "10:00:00 From Ann to Everyone : " + String(repeating: "a", count: 10 << 20) + "\n"
        let (chats, diagnostics) = ZoomReader.read(Source(SourceFile(path: "content/chat.txt", text: long)))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.events.first?.text.utf8.count == ZoomReader.bodyLimit)
        #expect(diagnostics.contains { $0.message.hasPrefix("message longer than") })

        var lines: [String] = []
        for index in 0..<Self.crowd {
            lines.append("10:00:00 From P\(index % 7) to Everyone : the same long opening words of every message \(index)")
            lines.append("10:00:01 From Q to Everyone : Reacted to \"the same long opening words of every message x...\" with 👍")
        }
        let (many, warnings) = ZoomReader.read(Source(SourceFile(path: "content/chat.txt", text: lines.joined(separator: "\n"))))
        guard case .conversation(let crowd)? = many.first else { Issue.record("no conversation"); return }
        #expect(crowd.events.count == Self.crowd)
        #expect(crowd.events.allSatisfy { $0.reactions.isEmpty })
        #expect(warnings.contains { $0.message == "reaction to a message not found in the chat; left out (and \(Self.crowd - 1) more lines)" })
    }
}
