import Foundation
import Testing
@testable import ConfabCore

@Suite struct ReadTests {
    @Test func detectsBothSampleFormatsByContent() throws {
        for (name, format) in [(Repository.participateSample, SourceFormat.participate),
                               (Repository.plainSample, .plain)] {
            let file = try Repository.content(name)
            // The name must not matter: the same text under another name reads the same.
            let renamed = SourceFile(path: "content/anything.txt", text: file.text)
            #expect(TranscriptReader.read(renamed).0?.format == format)
        }
    }

    @Test func readsTheParticipateSample() throws {
        let (transcript, diagnostics) = TranscriptReader.read(try Repository.content(Repository.participateSample))
        let raw = try #require(transcript)
        #expect(diagnostics.isEmpty)
        #expect(raw.header.title == "#badgechat Archive")
        #expect(raw.header.hashtag == "#badgechat")
        #expect(raw.header.description.hasPrefix("#BadgeChat was founded in December, 2014"))
        #expect(raw.header.dateText == "Monday March 5, 2018")
        #expect(raw.header.timeText == "6:30 PM EST")
        #expect(raw.messages.count == 62)

        let first = raw.messages[0]
        #expect(first == RawMessage(
            line: 8, author: "SenorG", role: "Moderator", timestamp: "Mar 5 @ 6:30 PM EST",
            textLines: [#"Welcome to #BadgeChat! (formerly #badgechatk12) Please say "hi" and introduce yourself to kick things off!"#]
        ))
        #expect(raw.messages[2].replyTo == ["maeward2311"])
        #expect(raw.messages.first { $0.text.hasPrefix("If you like the stickers") }?.replyTo
                == ["AGriffith2017", "MrPowley", "aurorak12", "MrPowley"])

        // A quote nested in a message, with its own reply line (the file's last line, no newline after it).
        let last = try #require(raw.messages.last)
        #expect(last.text == "#badgechat")
        #expect(last.replyTo.isEmpty)
        #expect(last.quotes.count == 1)
        #expect(last.quotes[0].author == "ebarnes73")
        #expect(last.quotes[0].timestamp == "Mar 5 @ 6:50 PM EST")
        #expect(last.quotes[0].replyTo == ["SenorG"])
        #expect(last.quotes[0].text.hasPrefix("I hate rubrics"))
        #expect(raw.messages.reduce(0) { $0 + $1.quotes.count } == 6)
    }

    @Test func readsThePlainSample() throws {
        let (transcript, diagnostics) = TranscriptReader.read(try Repository.content(Repository.plainSample))
        let raw = try #require(transcript)
        #expect(diagnostics.isEmpty)
        #expect(raw.header.hashtag == "#BadgeChatK12")
        #expect(raw.header.dateText == "Monday October 3, 2016")
        #expect(raw.header.timeText == "6:30 PM EDT")
        #expect(raw.messages.count == 95)
        #expect(raw.messages.allSatisfy { $0.author == nil && $0.timestamp == nil })
        #expect(raw.messages[0] == RawMessage(line: 4, textLines: ["Welcome to . I'll be your moderator tonight"]))
    }

    @Test(arguments: [
        ("  • SenorG - Moderator Mar 5 @ 6:30 PM EST",
         ParticipateReader.Bullet(indent: 2, author: "SenorG", role: "Moderator", timestamp: "Mar 5 @ 6:30 PM EST")),
        ("  • maeward2311 Mar 5 @ 6:31 PM EST",
         ParticipateReader.Bullet(indent: 2, author: "maeward2311", role: nil, timestamp: "Mar 5 @ 6:31 PM EST")),
        ("    • ebarnes73 Dec 31 @ 11:59 AM PST",
         ParticipateReader.Bullet(indent: 4, author: "ebarnes73", role: nil, timestamp: "Dec 31 @ 11:59 AM PST")),
        ("  • Ann - Guest Host Jan 2 @ 9:05 PM CET",
         ParticipateReader.Bullet(indent: 2, author: "Ann", role: "Guest Host", timestamp: "Jan 2 @ 9:05 PM CET")),
    ])
    func parsesBulletLines(line: String, expected: ParticipateReader.Bullet) {
        #expect(ParticipateReader.bullet(line[...]) == expected)
    }

    @Test(arguments: ["    Mar 5 @ 6:30 PM EST", "SenorG Mar 5 @ 6:30 PM EST", "  - SenorG Mar 5 @ 6:30 PM EST", "  •SenorG"])
    func linesWithoutABulletAreText(line: String) {
        #expect(ParticipateReader.bullet(line[...]) == nil)
    }

    @Test(arguments: [
        ("  • Welcome everyone!", "Welcome everyone!", nil),
        ("  • SenorG Mar 5 at 6:30 PM EST", "SenorG Mar 5 at 6:30 PM EST", nil),
        ("  • SenorG Mars 5 @ 6:30 PM EST", "SenorG", nil),
        ("  • SenorG - Moderator Mar 5 @ 6:30 XM EST", "SenorG", "Moderator"),
        ("  • SenorG - Moderator Mar 5 @", "SenorG", "Moderator"),
    ] as [(String, String, String?)])
    func bulletsWithoutAReadableTimeKeepTheirAuthor(line: String, author: String, role: String?) {
        let bullet = ParticipateReader.bullet(line[...])
        #expect(bullet == ParticipateReader.Bullet(indent: 2, author: author, role: role, timestamp: nil))
    }

    @Test func reportsUnrecognisedFilesAndReadsTheRest() throws {
        let files = [
            SourceFile(path: "content/notes.txt", text: "Remember to invite Kim.\n"),
            try Repository.content(Repository.plainSample),
            SourceFile(path: "content/empty.txt", text: ""),
        ]
        let (transcripts, diagnostics) = TranscriptReader.read(files)
        #expect(transcripts.map(\.file) == ["content/\(Repository.plainSample)"])
        #expect(diagnostics.map(\.location.file) == ["content/notes.txt", "content/empty.txt"])
        #expect(diagnostics.map(\.message) == [
            "not a transcript in a format Confab reads (expected a '#tag Archive' title); skipped",
            "empty file; skipped",
        ])
    }

    @Test func aTranscriptSavedTwiceIsReadOnce() throws {
        let sample = try Repository.content(Repository.plainSample)
        let copy = SourceFile(path: "content/zz-copy.txt", text: sample.text)
        // Saved again by a Windows editor, with a blank line more at the end.
        let resaved = SourceFile(path: "content/zz-resaved.txt", text: sample.text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
        let (transcripts, diagnostics) = TranscriptReader.read([sample, copy, resaved])
        #expect(transcripts.map(\.file) == [sample.path])
        #expect(diagnostics.map(\.description) == ["content/zz-copy.txt: warning: same text as \(sample.path); skipped",
                                                   "content/zz-resaved.txt: warning: same text as \(sample.path); skipped"])
    }

    @Test func readsWindowsLineEndings() throws {
        let sample = try Repository.content(Repository.participateSample)
        let crlf = SourceFile(path: "content/crlf.txt", text: sample.text.replacingOccurrences(of: "\n", with: "\r\n"))
        let raw = try #require(TranscriptReader.read(crlf).0)
        #expect(raw.messages.count == 62)
        #expect(raw.messages[0].text.hasSuffix("kick things off!"))
    }

    @Test func readsSiteConfiguration() throws {
        let yaml = """
        title: "#BadgeChat archive"
        description: |
          Line one.
        base_url: https://example.org/chat/
        colour: blue
        """
        let (config, diagnostics) = try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: yaml))
        #expect(config == SiteConfig(title: "#BadgeChat archive", description: "Line one.\n",
                                     baseURL: "https://example.org/chat/", language: "en"))
        #expect(diagnostics.map(\.description) == [
            "content/site.yaml:5: warning: unknown setting 'colour' ignored (known: \(ConfigReader.knownKeys.sorted().joined(separator: ", ")))",
        ])
    }

    @Test(arguments: ["javascript:alert(1)", "/just/a/path", "ftp://example.org/", "example.org"])
    func baseURLMustBeAWebAddress(value: String) throws {
        let (config, diagnostics) = try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: "base_url: \"\(value)\"\n"))
        #expect(config.baseURL == nil)
        #expect(diagnostics.map(\.description) == ["content/site.yaml:1: warning: base_url '\(value)' is not an http(s) address; ignored"])
    }

    @Test func invalidConfigurationNamesFileAndLine() {
        let yaml = "title: ok\ndescription: [unclosed\n"
        #expect {
            try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: yaml))
        } throws: { error in
            let error = error as? ConfabError
            return error?.location?.file == "content/site.yaml" && error?.location?.line != nil
        }
    }

    @Test func missingConfigurationMeansDefaults() throws {
        let site = try TemporaryFolder()
        try site.write("content/a.txt", "not a transcript\n")
        let input = try SiteReader.read(site: site.url)
        #expect(input.config == SiteConfig())
        #expect(input.sources.map(\.path) == ["content/a.txt"])
    }
}

/// Links under `content/` are not followed: a link to its own folder would read it forever.
@Suite struct SourceLinkTests {
    @Test func aLinkToTheContentFolderIsNotFollowed() throws {
        let site = try TemporaryFolder()
        try site.write("content/a.txt", try Repository.content(Repository.participateSample).text)
        try FileManager.default.createSymbolicLink(atPath: site.url.appendingPathComponent("content/loop").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: site.url.appendingPathComponent("content/again").path, withDestinationPath: ".")
        let input = try SiteReader.read(site: site.url)
        #expect(input.sources.map(\.path) == ["content/a.txt"])
    }
}
