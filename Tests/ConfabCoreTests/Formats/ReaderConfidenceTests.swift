import Foundation
import Testing
@testable import ConfabCore

/// Every fixture content file and every real sample, through every reader's `confidence`:
/// exactly one reader wants each, and it is the reader of the file's format.
@Suite struct ReaderConfidenceTests {
    static let fixtures = FormatFixtureTests.folder
    static let samples = Repository.root.appendingPathComponent("../shared/samples")

    /// The text-log readers: none may want another format's file.
    static let logReaders: [any FormatReader.Type] = [IRCReader.self, WhatsAppReader.self, ZoomReader.self, MatrixLogReader.self,
                                                      DiscordTextReader.self, DiscordHTMLReader.self, DescribedFormatReader.self]

    /// The reader each fixture folder is written for.
    static let readerOfFolder: [String: any FormatReader.Type] = [
        "irc": IRCReader.self, "whatsapp": WhatsAppReader.self, "zoom": ZoomReader.self, "matrix-log": MatrixLogReader.self,
        "discord-text": DiscordTextReader.self, "discord-html": DiscordHTMLReader.self, "described": DescribedFormatReader.self,
        "slack": SlackReader.self, "discord": DiscordReader.self, "telegram": TelegramReader.self, "matrix": MatrixReader.self,
        "mattermost": MattermostReader.self, "zulip": ZulipReader.self,
        "participate": TranscriptFormatReader.self, "plain": TranscriptFormatReader.self,
    ]

    struct Case: CustomStringConvertible, Sendable {
        var path: String
        var text: String
        var settings: ReadSettings
        /// Nil: no reader may want the file.
        var expected: String? = nil
        var description: String { path }
    }

    static func name(_ reader: any FormatReader.Type) -> String { String(describing: reader) }

    static var fixtureCases: [Case] {
        var cases: [Case] = []
        let enumerator = FileManager.default.enumerator(atPath: fixtures.path)
        while let relative = enumerator?.nextObject() as? String {
            let parts = relative.components(separatedBy: "/content/")
            guard parts.count == 2, !relative.hasSuffix("/site.yaml"),
                  let data = FileManager.default.contents(atPath: fixtures.appendingPathComponent(relative).path),
                  let text = String(data: data, encoding: .utf8) else { continue }
            let folder = String(parts[0].prefix { $0 != "/" })
            var settings = ReadSettings()
            if let yaml = try? String(contentsOf: fixtures.appendingPathComponent(parts[0] + "/content/site.yaml"), encoding: .utf8),
               let (config, _) = try? ConfigReader.parse(SourceFile(path: "content/site.yaml", text: yaml)) {
                settings = ReadSettings(config)
            }
            let expected = notForAnyReader.contains(relative) ? nil : readerOfFolder[folder].map(name)
            cases.append(Case(path: "content/" + parts[1], text: text, settings: settings, expected: expected))
        }
        return cases.sorted { $0.path < $1.path }
    }

    /// Fixture files written to be refused: look-alikes, notes beside a log, an attachment.
    static let notForAnyReader: Set<String> = ["discord-html/hostile/content/lookalike.txt", "whatsapp/bad-lines/content/notes.txt",
                                               "discord-html/media-folder/content/Acme export/thread.html_Files/notes v2-4C5D6.txt"]

    static var sampleCases: [Case] {
        var cases: [Case] = []
        let byFolder: [String: any FormatReader.Type] = [
            "irc": IRCReader.self, "zoom": ZoomReader.self, "matrix": MatrixLogReader.self, "discord": DiscordHTMLReader.self,
            "slack": SlackReader.self, "telegram": TelegramReader.self, "zulip": ZulipReader.self,
        ]
        let formats = samples.appendingPathComponent("formats")
        let enumerator = FileManager.default.enumerator(atPath: formats.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.contains("/"), let text = try? String(contentsOf: formats.appendingPathComponent(relative), encoding: .utf8) else { continue }
            let folder = String(relative.prefix { $0 != "/" })
            cases.append(Case(path: "content/" + relative, text: text, settings: ReadSettings(), expected: byFolder[folder].map(name)))
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? [] where name.hasSuffix(".txt") {
            guard let text = try? String(contentsOf: samples.appendingPathComponent(name), encoding: .utf8) else { continue }
            cases.append(Case(path: "content/" + name, text: text, settings: ReadSettings(), expected: Self.name(TranscriptFormatReader.self)))
        }
        return cases.sorted { $0.path < $1.path }
    }

    /// Whether the file is one that exactly its reader must want; files of the folder and
    /// JSON formats are read as a whole export, so alone only the log readers are checked.
    static func check(_ item: Case) {
        let wanting = Self.wanting(item)
        let names = wanting.map { String($0.prefix { $0 != "=" }) }
        if let expected = item.expected, !logReaders.contains(where: { name($0) == expected }), expected != name(TranscriptFormatReader.self) {
            #expect(!names.contains { name in logReaders.contains { Self.name($0) == name } }, "\(item.path): \(wanting)")
        } else {
            #expect(names == (item.expected.map { [$0] } ?? []), "\(item.path): \(wanting)")
        }
    }

    /// The readers that want the file; when none does, those that want its code blocks (a log
    /// pasted in a Markdown page), as the registry retries.
    static func wanting(_ item: Case) -> [String] {
        let found = wanting(item.path, item.text, item.settings)
        guard found.isEmpty, let code = TextLog.codeBlocks(item.text) else { return found }
        return wanting(item.path, code, item.settings)
    }

    static func wanting(_ path: String, _ text: String, _ settings: ReadSettings) -> [String] {
        let item = Case(path: path, text: text, settings: settings)
        let source = Source(SourceFile(path: item.path, text: item.text))
        return FormatRegistry.readers.compactMap { reader in
            let confidence = reader.confidence(source, settings: item.settings)
            return confidence > 0 ? "\(name(reader))=\(confidence)" : nil
        }
    }

    @Test(arguments: fixtureCases)
    func fixtureWantedByItsReaderOnly(_ item: Case) { Self.check(item) }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: samples.path)), arguments: sampleCases)
    func sampleWantedByItsReaderOnly(_ item: Case) { Self.check(item) }
}
