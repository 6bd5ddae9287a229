import Foundation
import Testing
@testable import ConfabCore

/// Direct messages and profile fields, end to end: the `private-messages` fixture of each
/// platform holds direct or private chats (every message of which says `whispered-dm`) and
/// people whose profiles carry an e-mail address, a phone number, a real name beside their
/// display name, an avatar, a time zone, a title and a status. Sites are built from them and
/// every byte written — the output and the build cache beside it — is searched.
@Suite struct PrivacyTests {
    static let fixtures = FormatFixtureTests.folder

    /// The platforms' cases, by format.
    static let cases = ["slack", "telegram", "discord", "discord-text", "discord-html", "mattermost", "zulip", "matrix", "zoom", "whatsapp"]

    /// What a direct message says in every fixture.
    static let directMarker = "whispered-dm"

    /// Profile fields of the fixtures' people: none may be written anywhere.
    static let profileValues = [
        "profile-secret@example.net", "+1 202 555 0147", "202 555 0147", "Secretsson", "Hiddenname",
        "avatars.example.net", "secret-avatar", "secretavatar", "America/Whitehorse", "Yukon Secret Time", "-25211",
        "Chief Secret Officer", "secret sabbatical",
    ]

    /// A site built from a case's content, `private_messages` as asked; every file written, by path.
    struct Built {
        let report: BuildReport
        /// The output's files and the build cache's (under `.confab-cache/`), hidden ones too.
        let files: [String: Data]

        func containing(_ text: String) -> [String] {
            let needle = Data(text.utf8)
            return files.filter { $0.value.range(of: needle) != nil }.keys.sorted()
        }
    }

    static func build(_ format: String, privateMessages: Bool) throws -> Built {
        let folder = try TemporaryFolder()
        let content = folder.url.appendingPathComponent("content")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("\(format)/private-messages/content"), to: content)
        try Data("privacy:\n  private_messages: \(privateMessages)\n".utf8).write(to: content.appendingPathComponent("site.yaml"))
        let report = try ConfabCore.build(BuildOptions(site: folder.url))
        let files = try folder.filesWritten()
        return Built(report: report, files: files)
    }

    @Test(arguments: cases)
    func directMessagesAreInNoFileWritten(_ format: String) throws {
        let built = try Self.build(format, privateMessages: false)
        #expect(built.files.keys.contains { $0.hasPrefix(BuildCache.folder + "/") }, "the cache was written")
        #expect(built.containing(Self.directMarker).isEmpty, "\(format): \(built.containing(Self.directMarker))")
        // One warning says what was left out and how to publish it.
        let warnings = built.report.diagnostics.filter { $0.message.hasSuffix("left out (privacy: private_messages: true publishes them)") }
        #expect(warnings.count >= 1, "\(format): \(built.report.diagnostics)")
        for value in Self.profileValues { #expect(built.containing(value).isEmpty, "\(format): \(value) in \(built.containing(value))") }
    }

    @Test(arguments: cases)
    func directMessagesArePublishedWhenTheSettingsSay(_ format: String) throws {
        let built = try Self.build(format, privateMessages: true)
        #expect(built.containing(Self.directMarker).contains { $0.hasPrefix("public/sessions/") }, "\(format)")
        #expect(!built.report.diagnostics.contains { $0.message.contains("private_messages") }, "\(format)")
        // Published or not, a profile stays private.
        for value in Self.profileValues { #expect(built.containing(value).isEmpty, "\(format): \(value) in \(built.containing(value))") }
    }

    /// People the export names nowhere are "unknown user" on every page, never their ids
    /// (a Slack `<@U…>`, a Discord snowflake, a Telegram `user…` without a name).
    @Test(arguments: [("slack", ["U0NOBODY1", "U0NOBODY2", "U0NOBODY3"]), ("discord", ["333333333333333333"]), ("telegram", ["user5550009", "5550009"])])
    func idsAreNeverShownAsNames(_ format: String, _ ids: [String]) throws {
        let built = try Self.build(format, privateMessages: false)
        let pages = built.files.filter { $0.key.hasPrefix("public/") && $0.key.hasSuffix(".html") }
        var shown = ""
        for (_, data) in pages.sorted(by: { $0.key < $1.key }) {
            // What a reader sees: the text between tags (attributes hold links and keys).
            shown += String(decoding: data, as: UTF8.self).replacing(/<[^>]*>/, with: " ")
        }
        #expect(shown.contains(Wording.unknownPerson))
        for id in ids {
            #expect(!shown.localizedCaseInsensitiveContains(id), "\(format): \(id) shown")
            // Recaps and search texts show names only too.
            for (path, data) in built.files where path.hasSuffix(".md") || path.contains("/search/d-") {
                #expect(!String(decoding: data, as: UTF8.self).localizedCaseInsensitiveContains(id), "\(path): \(id)")
            }
        }
    }

    /// Zoom's direct messages are messages inside a meeting: only they are left out, and a
    /// reaction or reply sent privately goes with them.
    @Test func zoomLeavesOutOnlyItsDirectMessages() throws {
        let raw = ZoomReader.read(Source(SourceFile(path: "content/2024-02-01 10.00.00 Sync/meeting_saved_chat.txt", text: """
            10:01:00 From Ana to Everyone : hello all
            10:02:00 From Ben to Ana(Direct Message) : hello all
            10:03:00 From Ana to Ben(Direct Message) : Reacted to "hello all" with ❤️
            10:04:00 From Cy to Everyone : Reacted to "hello all" with 👍
            """)))
        guard case .conversation(let conversation)? = raw.chats.first else { Issue.record("no conversation"); return }
        // The private reaction is on the private message, the public one on the public message.
        #expect(conversation.events.map(\.isPrivate) == [false, true])
        #expect(conversation.events.map { $0.reactions.map(\.emoji) } == [["👍"], ["❤️"]])
        let hidden = Normalizer.sessions(raw.chats, config: SiteConfig(), source: "content/x")
        #expect(hidden.sessions.flatMap(\.messages).map(\.text) == ["hello all"])
        #expect(hidden.diagnostics.map(\.description) == ["content/x: warning: 1 direct message left out (privacy: private_messages: true publishes them)"])
        var config = SiteConfig()
        config.privateMessages = true
        let shown = Normalizer.sessions(raw.chats, config: config)
        #expect(shown.sessions.flatMap(\.messages).count == 2 && shown.diagnostics.isEmpty)
    }

    /// WhatsApp says a chat is one-to-one only in some exports: a group's own lines, or a
    /// third person writing, keep a chat public whatever else it holds.
    @Test(arguments: [
        ("[13/02/2024, 10:00:00] Ana: \u{200E}Messages and calls are end-to-end encrypted.\n[13/02/2024, 10:00:05] Ana: hi\n[13/02/2024, 10:01:00] Ben: hey\n", true),
        ("13/02/2024, 11:01 - Cy: hi\n13/02/2024, 11:02 - Your security code with Cy changed. Tap to learn more.\n", true),
        ("13/02/2024, 11:00 - Ana created group \"Club\"\n13/02/2024, 11:01 - Cy: hi\n13/02/2024, 11:02 - Your security code with Cy changed. Tap to learn more.\n", false),
        ("13/02/2024, 11:01 - Cy: hi\n13/02/2024, 11:01 - Ana: hi\n13/02/2024, 11:01 - Ben: hi\n13/02/2024, 11:02 - You blocked this contact. Tap to unblock.\n", false),
        ("13/02/2024, 11:01 - Cy: hi\n13/02/2024, 11:02 - Ana: hello\n", false),
    ])
    func whatsAppOneToOneChatsAreTold(_ text: String, _ isPrivate: Bool) throws {
        let raw = WhatsAppReader.read(Source(SourceFile(path: "content/chat.txt", text: text)))
        guard case .conversation(let conversation)? = raw.chats.first else { Issue.record("no conversation"); return }
        #expect(conversation.isPrivate == isPrivate)
    }
}
