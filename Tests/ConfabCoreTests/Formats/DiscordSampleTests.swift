import Foundation
import Testing
@testable import ConfabCore

/// DiscordChatExporter JSON: no real export is public, so the fixtures under
/// `Fixtures/formats/discord` are written from the exporter's source. The real samples in
/// `../shared/samples/formats` (a DCE HTML page among them) must not be taken for one.
@Suite struct DiscordSampleTests {
    static let samples = Repository.formatSamples
    static let html = samples.appendingPathComponent("discord/discordhtml_meshcore-development-brownouts-thread.html")

    static func file(_ url: URL) throws -> SourceFile {
        let (text, _) = TextDecoding.decode(try Data(contentsOf: url), path: url.lastPathComponent)
        return SourceFile(path: "content/\(url.lastPathComponent)", text: try #require(text))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: html.path)))
    func exportersHTMLIsNotItsJSON() throws {
        let source = Source(try Self.file(Self.html))
        #expect(DiscordReader.confidence(source) == 0)
        let (chats, _) = FormatRegistry.read(source)
        for chat in chats {
            if case .conversation(let conversation) = chat { #expect(conversation.format != .discord) }
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: samples.path)))
    func otherFormatsSamplesAreNotClaimed() throws {
        let files = (FileManager.default.enumerator(at: Self.samples, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { ["json", "txt", "log", "html"].contains($0.pathExtension) }
        #expect(!files.isEmpty)
        for url in files {
            #expect(DiscordReader.confidence(Source(try Self.file(url))) == 0, "\(url.lastPathComponent)")
        }
    }

    @Test func timestampsWithZeroToSevenFractionalDigits() throws {
        let base = 1588786196.0   // 2020-05-06T17:29:56Z
        #expect(DiscordTime.instant("2020-05-06T17:29:56+00:00")?.timeIntervalSince1970 == base)
        #expect(DiscordTime.instant("2020-05-06T17:29:56Z")?.timeIntervalSince1970 == base)
        #expect(DiscordTime.instant("2020-05-06T17:29:56")?.timeIntervalSince1970 == base)
        #expect(DiscordTime.instant("2020-05-06T19:29:56+02:00")?.timeIntervalSince1970 == base)
        #expect(DiscordTime.instant("2020-05-06T12:59:56-04:30")?.timeIntervalSince1970 == base)
        let seven = try #require(DiscordTime.instant("2020-05-06T17:29:56.1234567+00:00")?.timeIntervalSince1970)
        #expect(abs(seven - (base + 0.1234567)) < 1e-6)
        #expect(abs((DiscordTime.instant("2020-05-06T17:29:56.5+00:00")?.timeIntervalSince1970 ?? 0) - (base + 0.5)) < 1e-6)
        for bad in ["", "yesterday", "2020-13-06T17:29:56+00:00", "2020-05-06T24:00:00+00:00", "2020-05-06T17:29:56.+00:00",
                    "2020-05-06T17:29:56+00:00 trailing", "2020-05-06T17:29:56+99:00", "２０２０-05-06T17:29:56Z"] {
            #expect(DiscordTime.instant(bad) == nil, "\(bad)")
        }
    }

    @Test func foldersItClaims() {
        #expect(DiscordReader.claimsFolder(["general [1].json", "general [1].json_Files"]))
        #expect(DiscordReader.claimsFolder(["general [1].json", "general [1] [part 2].json"]))
        #expect(!DiscordReader.claimsFolder(["general [1].json", "random [2].json"]))
        #expect(!DiscordReader.claimsFolder(["photos_Files", "notes.txt"]))
        // A `_Files` folder on its own: the exporter's downloads, never chats.
        #expect(DiscordReader.claimsFolder(["offsite-0A1B2.jpg", "agenda-3c4d5.txt", "1F2E3"]))
        #expect(!DiscordReader.claimsFolder(["agenda-3C4D5.txt"]))
        #expect(!DiscordReader.claimsFolder(["offsite-0A1B2.jpg", "notes.txt"]))
    }

    @Test func aCutOffExportKeepsItsWholeMessages() throws {
        let text = #"{"guild": {"name": "G"}, "channel": {"id": "1", "name": "c"}, "messages": [{"id": "1", "content": "a } ] \" {"}, {"id": "2", "content": "b"}, {"id": "3", "cont"#
        let (salvaged, count, _) = try #require(DiscordReader.salvage(text))
        #expect(count == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(salvaged.utf8)) as? [String: Any])
        #expect((object["messages"] as? [Any])?.count == 2)
        #expect(DiscordReader.salvage(#"{"guild": {}, "channel": {}, "messages": [{"id": "#) == nil)
    }
}
