import Foundation
import Testing
@testable import ConfabCore

/// The real DiscordChatExporter HTML export in `../shared/samples/formats/discord/` (not copied
/// into the repository), read and normalized; the counts were taken by reading the page.
/// Skipped where the samples are not beside the repository.
@Suite struct DiscordHTMLSampleTests {
    static let samples = Repository.root.appendingPathComponent("../shared/samples/formats")
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
