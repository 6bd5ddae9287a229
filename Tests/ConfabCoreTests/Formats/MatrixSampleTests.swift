import Foundation
import Testing
@testable import ConfabCore

/// The Matrix reader against the one real Matrix sample (a plain-text room log, which is
/// not Element's JSON and must not be taken for it) and against its own fixtures, at the
/// level the fixture dump does not show: names per message, sniffing, hostile cuts.
@Suite struct MatrixSampleTests {
    static let sample = Repository.formatSamples.appendingPathComponent("matrix/matrixlog_tc39-delegates-2021-01.txt")
    static let fixtures = Repository.root.appendingPathComponent("Tests/ConfabCoreTests/Fixtures/formats/matrix")
    static var hasSample: Bool { FileManager.default.fileExists(atPath: sample.path) }

    static func file(_ url: URL, as path: String) throws -> SourceFile {
        SourceFile(path: path, text: try String(contentsOf: url, encoding: .utf8))
    }

    static func roomFile() throws -> SourceFile {
        let folder = fixtures.appendingPathComponent("room-file/content")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".json") })
        return try file(folder.appendingPathComponent(name), as: "content/\(name)")
    }

    static func conversation(_ file: SourceFile) throws -> RawConversation {
        let (chats, _) = MatrixReader.read(Source(file))
        guard case .conversation(let conversation)? = chats.first else { throw ConfabError("no conversation read") }
        return conversation
    }

    /// bakkot/matrix-archive-bot's monthly text log: a Matrix room, but no Element export.
    @Test(.enabled(if: hasSample)) func textLogIsNotAnElementExport() throws {
        let log = try Self.file(Self.sample, as: "content/matrixlog_tc39-delegates-2021-01.txt")
        #expect(MatrixReader.confidence(Source(log)) == 0)
        #expect(!MatrixReader.claimsFolder(["matrixlog_tc39-delegates-2021-01.txt"]))
    }

    @Test func sniffsOnlyElementExports() throws {
        let export = try Self.roomFile()
        #expect(MatrixReader.confidence(Source(export)) == 95)
        #expect(SlackReader.confidence(Source(export)) == 0)
        let slack = SourceFile(path: "content/history.json", text: #"{"ok": true, "messages": [{"type": "message", "ts": "1.2", "text": "hi"}]}"#)
        #expect(MatrixReader.confidence(Source(slack)) == 0)
        // The keys must be keys: a message that talks about them is not an export.
        let talk = SourceFile(path: "content/x.json", text: #"{"messages": [{"text": "the \"room_name\": key"}]}"#)
        #expect(MatrixReader.confidence(Source(talk)) == 0)
        // The media folders of an unzipped export, with its JSON.
        #expect(MatrixReader.claimsFolder(["export.json", "images", "files"]))
        #expect(!MatrixReader.claimsFolder(["export.json"]))
    }

    /// Each message carries the name its author had when they wrote it.
    @Test func namesFollowMemberEvents() throws {
        let room = try Self.conversation(Self.roomFile())
        let names = Dictionary(room.events.compactMap { event in event.id.map { ($0, event.authorName) } }, uniquingKeysWith: { first, _ in first })
        #expect(names["$m1"] == "Ana")
        #expect(names["$m13"] == "Ann")
        #expect(room.users["@ana:example.org"]?.displayName == "Ann")
        #expect(room.users["@dee:matrix.org"]?.shownName == "Dee")
        #expect(room.channel.id == "!abcDEF:example.org")

        let variants = try Self.conversation(Self.file(Self.fixtures.appendingPathComponent("variants/content/variants.json"), as: "content/variants.json"))
        let variantNames = Dictionary(variants.events.compactMap { event in event.id.map { ($0, event.authorName) } }, uniquingKeysWith: { first, _ in first })
        #expect(variantNames["$v12"] == "Ben B")
        #expect(variantNames["$v14"] == "ben")
        #expect(variantNames["$v18"] == "Benjamin")
    }

    /// No `mxc://` address, avatar or `javascript:` target survives the read.
    @Test func keepsNoMediaAddresses() throws {
        let room = try Self.conversation(Self.roomFile())
        for event in room.events {
            #expect(!event.text.contains("mxc://"))
            for attachment in event.attachments { #expect(!attachment.name.contains("mxc://") && attachment.path == nil) }
            for mark in event.marks { if case .link(let url) = mark.kind { #expect(url.hasPrefix("https://")) } }
        }
    }

    /// Keys of the wrong kind are read as missing, never trusted.
    @Test func wrongKindsOfValues() throws {
        let text = #"""
        {"room_name": 7, "room_creator": null, "topic": ["x"], "messages": [
          {"type": "m.room.message", "sender": 12, "event_id": "$a", "origin_server_ts": 1709283600000,
           "content": {"msgtype": ["m.text"], "body": {"x": 1}, "formatted_body": 3, "m.relates_to": [], "m.mentions": "all", "info": "big"}},
          {"type": "m.room.message", "sender": "@a:x", "event_id": "$b", "origin_server_ts": "soon", "content": "hello"},
          {"type": "m.room.message", "sender": "@a:x", "event_id": "$c", "origin_server_ts": 1e300, "content": {"body": "far"}},
          {"type": "m.room.message", "sender": "@a:x", "event_id": "$d", "origin_server_ts": 1709283601000,
           "content": {"msgtype": "m.image", "body": "", "info": {"size": "huge", "mimetype": 5}, "url": "mxc://x/y"}},
          {"type": "m.room.message", "sender": "@a:x", "event_id": "$e", "origin_server_ts": 1709283602000,
           "content": {"msgtype": "m.text", "body": "<a", "formatted_body": "<a href=\"https://matrix.to/#/@\"><a <b <<>>&#xFFFFFFFF;&#0;&", "m.mentions": {"user_ids": [1, "@nobody:x"]}}},
          {"type": "m.reaction", "sender": "@a:x", "event_id": "$f", "origin_server_ts": 1709283603000, "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$e", "key": 5}}},
          {"type": "m.room.member", "sender": "@a:x", "state_key": 4, "origin_server_ts": 1709283604000, "content": {"membership": "join"}},
          {"type": "m.room.pinned_events", "sender": "@a:x", "state_key": "", "origin_server_ts": 1709283605000, "content": {"pinned": "$e"}}
        ]}
        """#
        let room = try Self.conversation(SourceFile(path: "content/odd.json", text: text))
        #expect(room.channel.name == "7")
        #expect(room.events.filter { $0.kind != .system }.map(\.id) == ["$a", "$d", "$e"])
        #expect(room.events.first { $0.id == "$d" }?.attachments.first?.name == "image")
    }

    /// A file cut anywhere reads without a crash, as far as it goes.
    @Test func anyCutReads() throws {
        let text = try Self.roomFile().text
        let utf8 = Array(text.utf8)
        for cut in stride(from: 0, to: utf8.count, by: max(1, utf8.count / 300)) {
            let file = SourceFile(path: "content/cut.json", text: String(decoding: utf8[..<cut], as: UTF8.self))
            let (chats, diagnostics) = MatrixReader.read(Source(file))
            #expect(!chats.isEmpty || !diagnostics.isEmpty)
        }
    }
}
