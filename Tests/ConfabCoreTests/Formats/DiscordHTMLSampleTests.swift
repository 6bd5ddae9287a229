import Foundation
import Testing
@testable import ConfabCore

/// The real DiscordChatExporter HTML export in `../shared/samples/formats/discord/` (not copied
/// into the repository), read and normalized; the counts were taken by reading the page.
/// Skipped where the samples are not beside the repository.
@Suite struct DiscordHTMLSampleTests {
    static let samples = Repository.formatSamples
    static let thread = samples.appendingPathComponent("discord/discordhtml_meshcore-development-brownouts-thread.html")
    static var present: Bool { FileManager.default.fileExists(atPath: thread.path) }

    static func source(_ url: URL) throws -> Source {
        Source(SourceFile(path: "content/" + url.lastPathComponent, text: try String(contentsOf: url, encoding: .utf8)))
    }

    /// The MeshCore forum thread "Brown-outs" (current layout, 2025): 21 messages in 11 groups
    /// from 5 people, 4–6 December 2025 at UTC-5 (the postamble's), 2 replies, 2 edited,
    /// one message with 2 reactions, 3 links, one mention, no attachment; the first
    /// message is empty on the page (its content was not exported).
    @Test(.enabled(if: present)) func brownOutsThread() throws {
        let source = try Self.source(Self.thread)
        #expect(DiscordHTMLReader.confidence(source) == 90)
        for reader in FormatRegistry.readers where ObjectIdentifier(reader) != ObjectIdentifier(DiscordHTMLReader.self) {
            #expect(reader.confidence(source) == 0, "\(reader)")
        }
        let (chats, diagnostics) = FormatRegistry.read(source)
        #expect(diagnostics.isEmpty)
        let conversations = chats.compactMap { chat -> RawConversation? in
            if case .conversation(let conversation) = chat { conversation } else { nil }
        }
        let conversation = try #require(conversations.first)
        #expect(conversations.count == 1)
        #expect(conversation.format == .discordText)
        #expect(conversation.channel == RawChannel(platform: "discord", workspace: "MeshCore", name: "development / Brown-outs", prefix: "#"))
        #expect(conversation.note?.description == "DiscordChatExporter HTML layout, dates on its lines, times read in UTC-5 (the export's)")
        #expect(conversation.users.count == 5)
        #expect(conversation.users["275431882273980417"] == RawUser(username: "cheaporeps", displayName: "che aporeps 🌮"))
        #expect(conversation.users["823944102369296474"] == RawUser(username: "serge07406", displayName: "Serge"))

        let events = conversation.events
        #expect(events.count == 21)
        #expect(events.allSatisfy { $0.kind == .message && $0.id != nil && $0.location.line != nil })
        #expect(events.map(\.authorName) == ["Serge", "Serge", "Serge", "Serge", "Bubba_Nel", "entr0p1", "entr0p1", "entr0p1",
                                             "Bubba_Nel", "Bubba_Nel", "Serge", "mrdan1023", "mrdan1023", "mrdan1023",
                                             "che aporeps 🌮", "mrdan1023", "che aporeps 🌮", "entr0p1", "entr0p1", "entr0p1", "entr0p1"])
        #expect(events[0].author == .id("823944102369296474"))
        #expect(events[0].text.isEmpty)
        // Thursday, December 4, 2025 8:02 a.m. at UTC-5; Saturday, December 6, 2025 1:51 a.m.
        #expect(events.first?.time == Date(timeIntervalSince1970: 1764853320))
        #expect(events.last?.time == Date(timeIntervalSince1970: 1765003860))
        #expect(events[3].text == "For sure there are solution 👍")
        #expect(events.filter(\.isEdited).map(\.id) == ["1446649610373300357", "1446657656147280067"])
        #expect(events.compactMap(\.replyTo) == ["1446566555516276967", "1446649610373300357"])
        #expect(events.first { $0.replyTo != nil }?.id == "1446754961584295987")
        #expect(events.flatMap(\.reactions) == [RawReaction(emoji: "👍", count: 1), RawReaction(emoji: "💯", count: 1)])
        #expect(events.flatMap(\.attachments).isEmpty)
        let marks = events.flatMap(\.marks).map(\.kind)
        #expect(marks.filter { if case .link = $0 { true } else { false } }.count == 3)
        #expect(marks.contains(.mention("1188808293783711774")))
        #expect(marks.contains(.style(.strike)) && marks.contains(.style(.italic)))
        #expect(!events.contains { $0.text.contains("cdn.discordapp.com") || $0.text.contains("twemoji") })

        let built = Normalizer.sessions(chats, config: SiteConfig())
        let (archive, normalized) = Normalizer.archive([built], config: SiteConfig())
        #expect(normalized.isEmpty)
        // Days in UTC, the site's zone: 4 December (4 messages of Serge, 1 of Bubba_Nel), 5th, 6th.
        #expect(archive.sessions.map(\.date) == [LocalDate(year: 2025, month: 12, day: 4), LocalDate(year: 2025, month: 12, day: 5),
                                                  LocalDate(year: 2025, month: 12, day: 6)])
        #expect(archive.participants.count == 5)
        #expect(archive.participants.map(\.key).sorted() == ["discord:1052063405734899733", "discord:1188808293783711774",
                                                              "discord:275431882273980417", "discord:336457941651554305",
                                                              "discord:823944102369296474"])
    }

    /// Every other sample is someone else's: this reader is not confident on any of them.
    @Test(.enabled(if: present)) func otherSamplesAreNotClaimed() throws {
        let files = FileManager.default.enumerator(at: Self.samples, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? []
        var checked = 0
        for url in files where url != Self.thread && ["html", "json", "txt", "log"].contains(url.pathExtension) {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            #expect(DiscordHTMLReader.confidence(Source(SourceFile(path: "content/" + url.lastPathComponent, text: text))) == 0, "\(url.lastPathComponent)")
            checked += 1
        }
        #expect(checked >= 5)
    }
}

/// Times, sniffing and hostile pages of the HTML reader, without the samples.
@Suite struct DiscordHTMLReaderTests {
    @Test(arguments: [
        ("Thursday, December 4, 2025 8:02 a.m.", LocalDate(year: 2025, month: 12, day: 4), 8 * 3600 + 120),
        ("2025-12-04 2:53 p.m.", LocalDate(year: 2025, month: 12, day: 4), 14 * 3600 + 53 * 60),
        ("14-Feb-20 10:00 AM", LocalDate(year: 2020, month: 2, day: 14), 10 * 3600),
        ("14-Feb-20 12:05 AM", LocalDate(year: 2020, month: 2, day: 14), 5 * 60),
        ("02/14/2020 12:30 PM", LocalDate(year: 2020, month: 2, day: 14), 12 * 3600 + 30 * 60),
        ("14.02.2020 22:00:15", LocalDate(year: 2020, month: 2, day: 14), 22 * 3600 + 15),
        ("Monday, 30 March 2026 23:58", LocalDate(year: 2026, month: 3, day: 30), 23 * 3600 + 58 * 60),
        // `--locale` cultures' `g` and `f` as .NET with ICU writes them (DiscordChatExporter PR #1130).
        ("1/2/2020 3:04\u{202F}PM", LocalDate(year: 2020, month: 1, day: 2), 15 * 3600 + 4 * 60),
        ("Thursday, January 2, 2020 3:04\u{202F}PM", LocalDate(year: 2020, month: 1, day: 2), 15 * 3600 + 4 * 60),
        ("2020. 1. 2. 오후 3:04", LocalDate(year: 2020, month: 1, day: 2), 15 * 3600 + 4 * 60),
        ("2020/1/2 下午 3:04", LocalDate(year: 2020, month: 1, day: 2), 15 * 3600 + 4 * 60),
        ("2020/01/02 15:04", LocalDate(year: 2020, month: 1, day: 2), 15 * 3600 + 4 * 60),
        ("02.01.2020 15:04", LocalDate(year: 2020, month: 1, day: 2), 15 * 3600 + 4 * 60),
        ("2020-01-02 15:04", LocalDate(year: 2020, month: 1, day: 2), 15 * 3600 + 4 * 60),
    ])
    func times(_ text: String, _ date: LocalDate, _ seconds: Int) {
        #expect(DiscordHTMLTime.parse(text) == DiscordHTMLTime.Stamp(date: date, seconds: seconds))
    }

    @Test func timeAloneAndGarbage() {
        #expect(DiscordHTMLTime.parse("8:02 a.m.") == DiscordHTMLTime.Stamp(date: nil, seconds: 8 * 3600 + 120))
        for bad in ["", "not a time", "13:00 PM", "25:00", "2020-13-01 10:00", String(repeating: "9", count: 500), "99999-01-01 1:00"] {
            #expect(DiscordHTMLTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func offsets() {
        #expect(DiscordHTMLReader.PageReader.utcOffset("UTC-5") == -5 * 3600)
        #expect(DiscordHTMLReader.PageReader.utcOffset("UTC+05:30") == 5 * 3600 + 1800)
        #expect(DiscordHTMLReader.PageReader.utcOffset("UTC") == 0)
        #expect(DiscordHTMLReader.PageReader.utcOffset("UTC+99") == nil)
        #expect(DiscordHTMLReader.PageReader.utcOffset("Mars/Olympus") == nil)
    }

    static func page(_ body: String) -> String {
        "<!DOCTYPE html><html><head><style>.chatlog__message-group{}</style></head><body><div class=preamble><div class=preamble__entry>G</div><div class=preamble__entry>C / chan</div></div><div class=chatlog>\(body)</div></body></html>"
    }

    static func read(_ text: String) -> (events: [RawEvent], diagnostics: [Diagnostic]) {
        let source = Source(SourceFile(path: "content/x.html", text: text))
        let (chats, diagnostics) = DiscordHTMLReader.read(source)
        let events = chats.flatMap { chat -> [RawEvent] in if case .conversation(let c) = chat { c.events } else { [] } }
        return (events, diagnostics)
    }

    @Test func sniffing() {
        #expect(DiscordHTMLReader.isExport(Self.page("")))
        #expect(!DiscordHTMLReader.isExport("{\"guild\": {}, \"channel\": {}, \"messages\": [], \"x\": \".chatlog__message-group preamble__\"}"))
        #expect(!DiscordHTMLReader.isExport("[14-Feb-20 10:00 AM] ana: <html> .chatlog__message-group preamble__"))
        #expect(!DiscordHTMLReader.isExport("<html><body><h4>Zulip topic</h4><p>chatlog__message-group preamble</p></body></html>"))
    }

    /// A single 5 MB line of text in one message: read, cut at 1 MiB with a warning, in linear time.
    @Test func hugeSingleLine() {
        let big = String(repeating: "word ", count: 1_000_000)
        let text = Self.page("<div class=chatlog__message-group><span class=chatlog__author-name title=a data-user-id=1>A</span><span class=chatlog__timestamp>14-Feb-20 10:00 AM</span><div class=chatlog__message data-message-id=5><div class=chatlog__content><div class=markdown>\(big)<b>end</b></div></div></div></div>")
        #expect(!text.contains("\n"))
        let (events, diagnostics) = Self.read(text)
        #expect(events.count == 1)
        #expect((events.first?.text.utf8.count ?? 0) <= DiscordHTMLReader.maxText)
        #expect((events.first?.text.utf8.count ?? 0) > 900_000)
        #expect(diagnostics.contains { $0.message.contains("cut short") })
    }

    /// A hundred thousand nested elements: libxml2 and the copy both stay bounded; nothing crashes.
    @Test func deepNesting() {
        let depth = 100_000
        let text = Self.page("<div class=chatlog__message-group><span class=chatlog__author-name title=a data-user-id=1>A</span><span class=chatlog__timestamp>14-Feb-20 10:00 AM</span><div class=chatlog__message data-message-id=5><div class=chatlog__content><div class=markdown>top"
            + String(repeating: "<span>", count: depth) + "deep" + "</div></div></div></div>")
        let (events, diagnostics) = Self.read(text)
        #expect(events.count <= 1)
        #expect(events.first?.text.hasPrefix("top") ?? true)
        _ = diagnostics
    }

    @Test func notHTMLAtAll() {
        let (events, diagnostics) = Self.read("\u{0}\u{1}garbage <<<>>> &&&")
        #expect(events.isEmpty)
        #expect(!diagnostics.isEmpty)
    }
}
