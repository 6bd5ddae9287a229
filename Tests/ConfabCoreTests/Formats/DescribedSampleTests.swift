import Foundation
import Testing
@testable import ConfabCore

/// A real log read through a layout described in `site.yaml` rather than a built-in
/// reader: the ZNC sample in `../shared/samples/formats/irc/` (not copied into the
/// repository), described by its time, nick and text, its `***` join and quit lines
/// ignored. The counts were taken by reading the file: 216 lines, 49 messages by 5
/// nicks (CCFL_Man 16, yellows8 15, IShaDoWl 8, plutobot 7, DoozerBot 3), 167 `***` lines.
@Suite struct DescribedSampleTests {
    static let file = Repository.formatSamples.appendingPathComponent("irc/irc_znc_switchdev-efnet-2020-10-04.log")
    static var present: Bool { FileManager.default.fileExists(atPath: file.path) }
    static let yaml = """
        formats:
          - name: znc
            files: "logs/*.log"
            message: '^\\[(?<time>\\d\\d:\\d\\d:\\d\\d)\\] <(?<author>[^>]+)> '
            time: HH:mm:ss
            ignore: '^\\[\\d\\d:\\d\\d:\\d\\d\\] \\*\\*\\* '
        """

    @Test(.enabled(if: present)) func zncDescribed() throws {
        let (config, configDiagnostics) = try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: Self.yaml))
        #expect(configDiagnostics.isEmpty)
        let text = try String(contentsOf: Self.file, encoding: .utf8)
        let source = Source(SourceFile(path: "content/logs/switchdev-2020-10-04.log", text: text))
        let settings = ReadSettings(config)
        #expect(DescribedFormatReader.confidence(source, settings: settings) == 100)
        let (chats, diagnostics) = FormatRegistry.read(source, settings: settings)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let conversations = chats.compactMap { chat -> RawConversation? in
            if case .conversation(let conversation) = chat { conversation } else { nil }
        }
        let conversation = try #require(conversations.first)
        #expect(conversation.channel.platform == "znc")
        #expect(conversation.channel.name == "switchdev")
        #expect(conversation.note == ReadingNote(layout: "znc", dates: .fileName("switchdev-2020-10-04.log"), timeZone: "UTC"))
        let events = conversation.events
        #expect(events.count == 49)
        #expect(events.allSatisfy { $0.kind == .message })
        #expect(Set(events.compactMap(\.authorName)) == ["CCFL_Man", "yellows8", "IShaDoWl", "plutobot", "DoozerBot"])
        #expect(events.filter { $0.authorName == "CCFL_Man" }.count == 16)
        #expect(events.first?.time == Date(timeIntervalSince1970: 1_601_770_761))   // 2020-10-04 00:19:21 UTC
        #expect(events.last?.time == Date(timeIntervalSince1970: 1_601_845_779))    // 2020-10-04 21:09:39 UTC
        #expect(events.last?.text == "ty yellow")
        // mIRC colour codes are taken out of the text.
        #expect(events[2].text.hasPrefix("lib:  v3.3.0.59 Build OK"))
        let built = Normalizer.sessions(chats, config: SiteConfig())
        let (archive, _) = Normalizer.archive([built], config: SiteConfig())
        #expect(archive.sessions.count == 1)
        #expect(archive.participants.count == 5)
    }
}
