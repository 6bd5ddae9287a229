import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ConfabCore

/// Builds `Tests/Adversarial/content` end to end: hostile text in every field a
/// transcript or `site.yaml` has, and files that are broken in every way we know.
@Suite struct AdversarialTests {
    struct Built: Sendable {
        let report: BuildReport
        /// Every output file, by path relative to the output folder.
        let files: [String: Data]
        /// Output files whose real path (symlinks resolved) is not inside the output folder.
        let outside: [String]
        /// What the site folder holds after the build.
        let siteEntries: [String]
        /// The build cache's files (`.confab-cache/` beside the output), by path inside it.
        let cache: [String: Data]

        func text(_ path: String) -> String { String(decoding: files[path] ?? Data(), as: UTF8.self) }
        func paths(withSuffix suffix: String) -> [String] { files.keys.filter { $0.hasSuffix(suffix) }.sorted() }
    }

    /// One build shared by every test: what they inspect is read before its folder goes.
    static let shared = Result { try build() }

    static func build() throws -> Built {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Tests/Adversarial/content"),
                                         to: folder.url.appendingPathComponent("content"))
        let report = try ConfabCore.build(BuildOptions(site: folder.url))
        let output = folder.url.appendingPathComponent("public")
        let files = try SiteReader.files(in: output, withExtension: nil)
        let root = output.resolvingSymlinksInPath().path + "/"
        let cacheFolder = folder.url.appendingPathComponent(BuildCache.folder)
        var cache: [String: Data] = [:]
        if let walk = FileManager.default.enumerator(at: cacheFolder, includingPropertiesForKeys: nil) {
            for case let url as URL in walk {
                if let data = try? Data(contentsOf: url) { cache[url.path.replacingOccurrences(of: cacheFolder.path + "/", with: "")] = data }
            }
        }
        return Built(report: report,
                     files: Dictionary(uniqueKeysWithValues: try files.map { ($0.relative, try Data(contentsOf: $0.url)) }),
                     outside: files.filter { !$0.url.resolvingSymlinksInPath().path.hasPrefix(root) }.map(\.relative),
                     siteEntries: try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted(), cache: cache)
    }

    @Test func everyBrokenFileIsReportedAndTheRestBuilds() throws {
        let built = try Self.shared.get()
        let reported = built.report.diagnostics.map(\.description)
        for expected in [
            "content/binary.txt: warning: binary file",
            "content/empty.txt: warning: empty file",
            "content/invalid-utf8.txt:7: warning: invalid UTF-8 bytes replaced",
            "content/latin1.txt:6: warning: not UTF-8; read as Windows-1252",
            "content/evil-participate.txt: warning: same text as content/evil-participate-copy.txt",
            "content/no-messages.txt:5: warning: no messages after the date line",
            "content/unknown-date.txt:1: warning: no date line",
            "content/site.yaml:17: warning: format 'slow': the regular expression takes too long on content/evil-slow.log line 1",
            "content/evil-discord.csv:5: warning: a quoted field opened here is never closed",
            "content/evil-irc.log:3: warning: line not in this log's irssi layout",
            "content/evil-whatsapp.txt:6: warning: not a WhatsApp line",
        ] {
            #expect(reported.contains { $0.hasPrefix(expected) }, "\(expected) in \(reported)")
        }
        // The hostile participate and plain transcripts, the damaged UTF-8 one and the Latin-1
        // one; and hostile Slack, Telegram, Discord, Matrix and Zulip exports (marks nested in
        // marks, counts and sizes of Int.max, a time of 1e300); and hostile text logs: IRC
        // (two days), WhatsApp, Zoom, DiscordChatExporter CSV and HTML, matrix-archive-bot, a
        // described layout, and a UTF-16 IRC log.
        #expect(built.report.sessions == 17)
        for prefix in ["slack-", "telegram-", "discord-", "matrix-", "zulip-", "irc-", "whatsapp-", "zoom-", "script-alert-fmt-script-"] {
            #expect(built.paths(withSuffix: ".html").contains { $0.hasPrefix("sessions/" + prefix) }, "\(prefix)")
        }
        #expect(built.text("sessions/latin-2024-01-22.html").contains("Café crème à la française"))
        #expect(built.text("sessions/bytes-2024-01-15.html").contains("caf\u{FFFD}( \u{FFFD}\u{FFFD} bad bytes"))
        // The title's junk after the hashtag is not part of the series.
        #expect(built.files["sessions/evil-2024-01-01.html"] != nil)
        #expect(built.text("sessions/irc-utf16-2024-01-07.html").contains("a UTF-16 log with its BOM: héllo 👋"))
    }

    /// Direct messages are private: a Zoom direct message, and hostile direct chats of Slack,
    /// Telegram, DiscordChatExporter (JSON and text), Mattermost, Zulip, Matrix and WhatsApp.
    /// No byte of any in a file written, nor in the build cache.
    @Test func directMessagesAreNotPublished() throws {
        let built = try Self.shared.get()
        #expect(!built.cache.isEmpty)
        for (path, data) in built.files.merging(built.cache.map { (".confab-cache/" + $0.key, $0.value) }, uniquingKeysWith: { a, _ in a }) {
            #expect(!String(decoding: data, as: UTF8.self).contains("must never be published"), "\(path)")
        }
        let leftOut = built.report.diagnostics.filter { $0.message.hasSuffix("left out (privacy: private_messages: true publishes them)") }
        #expect(Set(leftOut.map(\.location.file)) == [
            "content/evil-slack", "content/evil-telegram-dm.json", "content/evil-discord-dm.json", "content/evil-discord-dm.txt",
            "content/evil-mattermost-dm.jsonl", "content/evil-zulip-dm.json", "content/evil-matrix-dm.json", "content/evil-whatsapp-dm",
            "content/evil-zoom/2024-01-03 10.00.00 Alerts & Co 123456789/meeting_saved_chat.txt",
        ], "\(leftOut)")
    }

    @Test func noTextBecomesMarkupOrScript() throws {
        let built = try Self.shared.get()
        let pages = built.paths(withSuffix: ".html")
        #expect(pages.count > 20)
        for page in pages {
            let html = built.text(page)
            // The only scripts are the theme's own files.
            let scripts = Set(html.matches(of: /<script[^>]*>/).map { String($0.output) })
            #expect(scripts.isSubset(of: ["<script src=\"search.js\">", "<script src=\"search/meta.js\">"]), "\(page): \(scripts)")
            // An attribute named on…, after the tag's other attributes (a quoted value may hold
            // " onerror=" as text: an export's name in an aria-label does).
            #expect(html.firstMatch(of: /<[a-zA-Z][a-zA-Z0-9-]*(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s+on[a-z]+\s*=/) == nil,
                    "\(page): an event handler attribute")
            #expect(html.firstMatch(of: /(?i)(href|src|action)\s*=\s*"\s*(javascript|data|vbscript):/) == nil, "\(page): a script URL")
            #expect(html.firstMatch(of: /<(img|iframe|object|embed|b|abbr)[\s>\/]/) == nil, "\(page): markup from text")
            #expect(!html.contains("</title><script>"), "\(page)")
        }
        // Search data is JavaScript a page runs: no `<` at all, so nothing can close its script.
        for file in built.paths(withSuffix: ".js") where file.hasPrefix("search/") {
            #expect(!built.text(file).contains("<"), "\(file)")
        }
        #expect(built.text("index.html").contains("<html lang=\"en&quot;&gt;&lt;script&gt;"))
    }

    @Test func recapsStayTextWhenPastedIntoAnyMarkdownRenderer() throws {
        let built = try Self.shared.get()
        let recaps = built.paths(withSuffix: ".md")
        #expect(recaps.count == 17)
        for recap in recaps {
            // Rendered the way a blog would, raw HTML allowed: still no markup from the chat.
            let html = Markdown.html(from: built.text(recap), allowRawHTML: true)
            #expect(html.firstMatch(of: /<(script|img|svg|iframe|a href="javascript)/) == nil, "\(recap): \(html)")
            #expect(!html.contains("<a href=\"javascript"), "\(recap)")
        }
    }

    @Test func feedsSitemapAndDataParse() throws {
        let built = try Self.shared.get()
        for file in ["feed.xml", "sitemap.xml"] {
            let parser = XMLParser(data: try #require(built.files[file], "\(file)"))
            #expect(parser.parse(), "\(file): \(String(describing: parser.parserError))")
        }
        let feed = built.text("feed.xml")
        #expect(!feed.contains("<script>") && feed.contains("&lt;script&gt;"))
        let data = try JSONSerialization.jsonObject(with: try #require(built.files["data/archive.json"])) as? [String: Any]
        #expect((data?["sessions"] as? [Any])?.count == 17)
    }

    /// The Slack export's profile holds an e-mail address and a phone number: no file has them.
    @Test func profilesPrivateFieldsAreNeverPublished() throws {
        let built = try Self.shared.get()
        for (path, bytes) in built.files {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("mallory@example.com") && !text.contains("555 0199"), "\(path)")
        }
    }

    @Test func everyFileIsInsideTheOutputWithASafeName() throws {
        let built = try Self.shared.get()
        #expect(built.outside.isEmpty)
        for path in built.files.keys {
            #expect(path.wholeMatch(of: /[a-z0-9_\-\/]+(\.[a-z]+)*|\.confab-output/) != nil, "\(path)")
        }
        // Nothing outside the output but the sources and the build cache.
        #expect(built.siteEntries == [".confab-cache", "content", "public"])
    }
}
