import Foundation
import Testing
@testable import ConfabCore

/// The real zulip-archive sample (NCAR's Zulip, topic "regridding unstructure CAM grid" of
/// #python-questions, with the archive's stream index), read where it lies outside the
/// repository; skipped when it is not there. The counts were taken from the files by hand.
@Suite(.enabled(if: ZulipSample.available))
struct ZulipSampleTests {
    static let folder = ZulipSample.folder
    static let topicFile = ZulipSample.topicFile
    static let htmlFile = "zulip-archive_ncar_python-questions_regridding-unstructured-CAM-grid.html"
    static let indexFile = "zulip-archive_ncar_stream_index.json"

    static func sample(_ name: String, as path: String) throws -> SourceFile {
        SourceFile(path: path, text: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
    }

    static func conversations(_ chats: [RawChat]) -> [RawConversation] {
        chats.compactMap { if case .conversation(let raw) = $0 { raw } else { nil } }
    }

    /// The topic file alone: one conversation named by the file, all 29 messages one thread.
    @Test func topicFileAlone() throws {
        let file = try Self.sample(Self.topicFile, as: "content/\(Self.topicFile)")
        let source = Source(file)
        #expect(ZulipReader.confidence(source) == 90)
        #expect(MattermostReader.confidence(source) == 0)
        #expect(SlackReader.confidence(source) == 0)
        let (chats, diagnostics) = FormatRegistry.read(source)
        #expect(diagnostics.isEmpty)
        let raw = try #require(Self.conversations(chats).first)
        #expect(chats.count == 1)
        #expect(raw.channel.name == "zulip-archive_ncar_python-questions_regridding-unstructured-CAM-grid")
        #expect(raw.events.count == 29)
        #expect(raw.events.allSatisfy { $0.kind == .message })
        #expect(Set(raw.events.compactMap(\.authorName)).count == 8)
        #expect(raw.events.filter { $0.threadID == "94284" }.count == 28)
        #expect(raw.events.flatMap(\.marks).filter { if case .mention = $0.kind { true } else { false } }.count == 24)
        #expect(raw.events.flatMap(\.marks).filter { if case .link = $0.kind { true } else { false } }.count == 9)
        #expect(raw.events.flatMap(\.reactions).isEmpty)
        #expect(raw.events.flatMap(\.attachments).isEmpty)
        #expect(raw.events.first?.time == Date(timeIntervalSince1970: 1705014286))
        // Code blocks keep their lines; entities are decoded.
        #expect(raw.events.first?.text.contains("import xesmf\nregridded = regrid_cam_se(mfds, f\"{map_path}/{map_file}\")\n\nMissingDimensionsError: 'lat'") == true)
        #expect(!raw.events.contains { $0.text.contains("<") && $0.text.contains("</") })

        let built = Normalizer.sessions(chats, config: SiteConfig())
        #expect(built.sessions.count == 1)
        let session = try #require(built.sessions.first)
        #expect(session.messages.count == 29)
        #expect(session.authors.count == 8)
        #expect(session.threads.count == 1)
        #expect(session.threads.first?.replyIDs.count == 28)
        #expect(session.events.isEmpty)
        // Mentioned without writing: Philip Chmielowiec and Stephen Yeager.
        #expect(Set(session.mentioned.keys).subtracting(session.authors.map(\.key)) == ["zulip:philip chmielowiec", "zulip:stephen yeager"])
    }

    /// The topic file where zulip-archive writes it, beside the stream index: the index
    /// names the stream, the file name the topic; the index's other 830 topics have no file.
    @Test func topicInArchiveFolder() throws {
        let source = Source(path: "content/zulip_json", kind: .folder, files: [
            try Self.sample(Self.topicFile, as: "content/zulip_json/10-python-questions/regridding.20unstructure.20CAM.20grid.json"),
            try Self.sample(Self.indexFile, as: "content/zulip_json/stream_index.json"),
        ])
        #expect(ZulipReader.confidence(source) == 95)
        #expect(ZulipReader.claimsFolder(["stream_index.json", "10-python-questions"]))
        let (chats, diagnostics) = FormatRegistry.read(source)
        let raw = try #require(Self.conversations(chats).first)
        #expect(raw.channel.name == "python-questions")
        #expect(raw.channel.prefix == "#")
        #expect(raw.channel.id == "10")
        #expect(raw.events.count == 30)
        #expect(raw.events.first?.kind == .system)
        #expect(raw.events.first?.text == "Topic: regridding unstructure CAM grid")
        // 831 topics in 32 streams, one of them here.
        #expect(diagnostics.map(\.message) == [
            "830 topics listed here have no file in the archive, such as '2024 Earth System Data Science Annual Event' in #announce",
        ])
    }

    /// The same topic as zulip-archive's HTML page: not read as Zulip (nor as Mattermost).
    @Test func htmlPageIsNotClaimed() throws {
        let source = Source(try Self.sample(Self.htmlFile, as: "content/\(Self.htmlFile)"))
        #expect(ZulipReader.confidence(source) == 0)
        #expect(MattermostReader.confidence(source) == 0)
    }

    /// The index alone says what is missing instead of reading nothing in silence.
    @Test func indexAlone() throws {
        let source = Source(try Self.sample(Self.indexFile, as: "content/stream_index.json"))
        #expect(ZulipReader.confidence(source) == 80)
        let (chats, diagnostics) = FormatRegistry.read(source)
        #expect(chats.isEmpty)
        #expect(diagnostics.count == 1)
    }
}

/// Where the sample is, apart from the suite so its trait can ask.
enum ZulipSample {
    static let folder = Repository.formatSamples.appendingPathComponent("zulip")
    static let topicFile = "zulip-archive_ncar_python-questions_regridding-unstructured-CAM-grid.json"
    static var available: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(topicFile).path) }
}
