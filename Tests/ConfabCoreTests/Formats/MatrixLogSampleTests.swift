import Foundation
import Testing
@testable import ConfabCore

/// The real matrix-archive-bot log in `../shared/samples/formats/matrix/` (not copied into
/// the repository), read and normalized; the counts were taken by reading the file.
@Suite struct MatrixLogSampleTests {
    static let folder = Repository.formatSamples.appendingPathComponent("matrix")
    static let name = "matrixlog_tc39-delegates-2021-01.txt"
    static var present: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) }

    static func utc(_ day: Int, _ hours: Int, _ minutes: Int, _ seconds: Double) -> Date {
        TextLog.instant(LocalDate(year: 2021, month: 1, day: day), seconds: Double(hours * 3600 + minutes * 60) + seconds, in: .gmt)
    }

    /// 82 blocks from 7 people (bterlson 41, ryzokuken 21, mpcsh 10, devsnek 7, and one each
    /// from jasew, littledan, smorimoto) on 2021-01-21 (5) and 2021-01-28 (77), the other days
    /// of January empty. bterlson's edit at 14:09:55 repeats his message of 14:09:50 and
    /// replaces it: 81 messages. mpcsh's at 14:15:41 replies to bterlson's at 14:13:42.
    @Test(.enabled(if: present)) func tc39Delegates() throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(Self.name), encoding: .utf8)
        let source = Source(SourceFile(path: "content/TC39_Delegates/plaintext/2021-01.txt", text: text))
        #expect(MatrixLogReader.confidence(source) == 90)
        #expect(ZoomReader.confidence(source) == 0)
        #expect(MatrixReader.confidence(source) == 0)
        let (chats, diagnostics) = FormatRegistry.read(source)
        #expect(diagnostics.isEmpty)
        guard case .conversation(let conversation)? = chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.channel == RawChannel(platform: "matrix", name: "TC39 Delegates"))
        #expect(conversation.note == ReadingNote(layout: "matrix-archive-bot", dates: .lines, timeZone: "UTC, as the bot writes them"))
        let events = conversation.events
        #expect(events.count == 81)
        #expect(events.allSatisfy { $0.kind == .message })
        var counts: [String: Int] = [:]
        for case .name(let name)? in events.map(\.author) { counts[name, default: 0] += 1 }
        #expect(counts == ["bterlson": 40, "ryzokuken": 21, "mpcsh": 10, "devsnek": 7, "jasew": 1, "littledan": 1, "smorimoto": 1])
        #expect(events.first?.text == "Hello")
        #expect(events.first?.time == Self.utc(21, 2, 38, 45.129))
        #expect(events.last?.author == .name("devsnek"))
        #expect(events.last?.time == Self.utc(28, 15, 36, 58.393))
        #expect(events.filter { $0.time < Self.utc(22, 0, 0, 0) }.count == 5)

        let edited = events.filter(\.isEdited)
        #expect(edited.map(\.text) == ["what about an \"ask in #tc39-general\" process?"])
        #expect(edited.first?.time == Self.utc(28, 14, 9, 50.998))
        let reply = try #require(events.first { $0.replyTo != nil })
        #expect(reply.text == "you mean the jitsi widget?")
        #expect(reply.author == .name("mpcsh"))
        #expect(events.first { $0.id == reply.replyTo }?.text == "how good is the video conferencing?")

        let built = Normalizer.sessions(chats, config: SiteConfig())
        let (archive, _) = Normalizer.archive([built], config: SiteConfig())
        #expect(archive.sessions.map(\.date) == [LocalDate(year: 2021, month: 1, day: 21), LocalDate(year: 2021, month: 1, day: 28)])
        #expect(archive.sessions.map(\.messages.count) == [5, 76])
        #expect(archive.participants.count == 7)
    }
}

/// matrix-archive-bot's lines, and other logs that are not its.
@Suite struct MatrixLogLineTests {
    @Test func lines() {
        #expect(MatrixLogReader.header("[14:15:41.0587] <mpcsh>") == .init(seconds: 51341.587, name: "mpcsh"))
        #expect(MatrixLogReader.header("[02:38:45.0129] <Ann Lee (she/her)>")?.name == "Ann Lee (she/her)")
        #expect(MatrixLogReader.header("[12:00:01] <nick> hello") == nil)
        #expect(MatrixLogReader.header("12:00 <nick> hello") == nil)
        #expect(MatrixLogReader.header("[14:15:41.0587] <>") == nil)
        #expect(MatrixLogReader.dateLine("2021-01-16") == LocalDate(year: 2021, month: 1, day: 16))
        #expect(MatrixLogReader.dateLine("2021-01-16 12:00:00\tnick\thi") == nil)
        #expect(MatrixLogReader.dateLine("20210116") == nil)
        let reply = MatrixLogReader.replyQuote("> <@bterlson:matrix.org> how good is it?\n> second line\n\nyou mean jitsi?")
        #expect(reply?.quote == "how good is it?\nsecond line")
        #expect(reply?.user == "bterlson")
        #expect(reply?.rest == "you mean jitsi?")
        #expect(MatrixLogReader.alike("teh meeting is at noon", "the meeting is at noon"))
        #expect(!MatrixLogReader.alike("completely different", "nothing alike at all"))
    }

    /// Other formats' files: none is a matrix-archive-bot log, and Zoom's reader wants none.
    @Test func othersAreNotMatrixLogs() {
        let others = [
            "[12:00:01] <nick> hello\n[12:00:05] <other> hi\n",
            "--- Log opened Sat Feb 14 00:00:00 2015\n12:00 <nick> text\n",
            "12/31/20, 10:00 PM - Ann: hello\n",
            "==============================================================\nGuild: X\nChannel: Y\n==============================================================\n\n[1/1/2020 10:00 AM] Ann\nhello\n",
            "#edchat Archive\n\n2021-01-16\n",
            "{\"messages\": []}",
            "2021-01-16\nSome heading\nand prose, not a log\n",
        ]
        for text in others {
            let source = Source(SourceFile(path: "content/x.txt", text: text))
            #expect(MatrixLogReader.confidence(source) == 0, "\(text)")
            #expect(ZoomReader.confidence(source) == 0, "\(text)")
        }
        let zoom = Source(SourceFile(path: "content/chat.txt", text: "10:00:00 From Ann to Everyone : hi\n"))
        #expect(MatrixLogReader.confidence(zoom) == 0)
        #expect(ZoomReader.confidence(zoom) == 90)
        let empty = Source(SourceFile(path: "content/2021-02.txt", text: "2021-02-01\n\n2021-02-02\n"))
        #expect(MatrixLogReader.confidence(empty) == 40)
    }

    /// A 10 MB body is cut at 1 MB with a warning; 20,000 replies quoting what no message says
    /// keep their quotes, and 20,000 edits by people with nothing to edit stand as edited messages.
    @Test func hostileInput() {
        let long = "2021-02-01\n[10:00:00.0000] <ann>\n" + String(repeating: "é", count: 5 << 20) + "\n"
        let (chats, diagnostics) = MatrixLogReader.read(Source(SourceFile(path: "content/x.txt", text: long)))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.events.first?.text.utf8.count == MatrixLogReader.bodyLimit)
        #expect(diagnostics.map(\.message) == ["message longer than \(MatrixLogReader.bodyLimit) bytes; cut"])

        var text = "2021-02-01\n"
        for index in 0..<20_000 {
            text += "[10:00:00.0000] <p\(index % 5)>\nthe same long opening words of every message \(index)\n\n"
            text += "[10:00:01.0000] <q>\n> <@x:example.org> the same long opening words of every message x\n\nreply\n\n"
            text += "[10:00:02.0000] <e\(index)>\n * unrelated \(index)\n\n"
        }
        let (many, _) = MatrixLogReader.read(Source(SourceFile(path: "content/x.txt", text: text)))
        guard case .conversation(let crowd)? = many.first else { Issue.record("no conversation"); return }
        #expect(crowd.events.count == 60_000)
        #expect(crowd.events.filter { $0.replyTo != nil }.isEmpty)
        #expect(crowd.events.filter(\.isEdited).count == 20_000)
    }

    /// Every other real sample (IRC, Discord HTML, Telegram, Zulip, the Twitter-chat
    /// transcripts): neither text-log reader of this file wants it.
    @Test(.enabled(if: MatrixLogSampleTests.present)) func otherSamplesAreNeither() throws {
        let samples = Repository.root.appendingPathComponent("../shared/samples")
        let paths = ["badgechat-2018-03-05.txt", "badgechatk12-2016-10-03.txt", "formats/irc/irc_irssi_teeworlds-quakenet-2015-02-14.log",
                     "formats/irc/irc_znc_switchdev-efnet-2020-10-04.log", "formats/discord/discordhtml_meshcore-development-brownouts-thread.html",
                     "formats/telegram/telegram_guzelskie-perezalivy-channel_result_2026-06-19.json",
                     "formats/zulip/zulip-archive_ncar_python-questions_regridding-unstructured-CAM-grid.json",
                     "formats/zulip/zulip-archive_ncar_python-questions_regridding-unstructured-CAM-grid.html"]
        for path in paths {
            guard let text = try? String(contentsOf: samples.appendingPathComponent(path), encoding: .utf8) else { continue }
            let source = Source(SourceFile(path: "content/" + (path as NSString).lastPathComponent, text: text))
            #expect(ZoomReader.confidence(source) == 0, "\(path)")
            #expect(MatrixLogReader.confidence(source) == 0, "\(path)")
        }
    }

    /// Logs pasted into a Markdown page, in a fenced code block: the registry reads the block.
    @Test func pastedInMarkdown() {
        let zoom = "# Our meeting\n\nThe chat:\n\n```\n10:00:00 From Ann to Everyone : hi\n10:00:05 From Bob to Everyone : hello\n10:00:09 From Ann to Everyone : bye\n```\n"
        let (chats, _) = FormatRegistry.read(Source(SourceFile(path: "content/2020-05-05-meeting.md", text: zoom)))
        guard case .conversation(let conversation)? = chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.format == .zoom)
        #expect(conversation.events.map(\.location.line) == [6, 7, 8])
        let matrix = "Notes\n\n```\n2021-02-01\n[10:00:00.0000] <ann>\nhi\n\n[10:00:01.0000] <bob>\nhello\n```\n"
        let (more, _) = FormatRegistry.read(Source(SourceFile(path: "content/notes.md", text: matrix)))
        guard case .conversation(let log)? = more.first else { Issue.record("no conversation"); return }
        #expect(log.format == .matrixLog)
        #expect(log.events.map(\.text) == ["hi", "hello"])
    }
}
