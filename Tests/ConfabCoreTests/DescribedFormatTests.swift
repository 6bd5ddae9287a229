import Foundation
import Testing
@testable import ConfabCore

/// Layouts described under `formats:` in `site.yaml`: their errors at the entry's line,
/// a table of layouts, date patterns, globs, and a runaway expression that must return.
@Suite struct DescribedFormatTests {
    static func config(_ yaml: String) throws -> (SiteConfig, [Diagnostic]) {
        try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: yaml))
    }

    static func configError(_ yaml: String) -> ConfabError? {
        do { _ = try config(yaml); return nil } catch let error as ConfabError { return error } catch { return nil }
    }

    static func read(_ text: String, path: String = "content/logs/chat.txt", yaml: String) throws -> (events: [RawEvent], conversation: RawConversation?, diagnostics: [Diagnostic]) {
        let (config, _) = try config(yaml)
        let (chats, diagnostics) = FormatRegistry.read(Source(SourceFile(path: path, text: text)), settings: ReadSettings(config))
        let conversation = chats.compactMap { chat -> RawConversation? in
            if case .conversation(let conversation) = chat { conversation } else { nil }
        }.first
        return (conversation?.events ?? [], conversation, diagnostics)
    }

    // MARK: Errors at the entry's line

    @Test(arguments: [
        ("message: '^(?<author>[a-'", "does not compile"),
        ("message: '^(?<who>\\w+): '", "names the group 'who'"),
        ("message: '^(?<date>\\S+) (?<text>.*)'", "needs an (?<author>…) group"),
        ("message: '^(?<author>\\w+)'\n    ignore: '(('", "'ignore' does not compile"),
        ("message: '^(?<date>\\S+) (?<author>\\w+)'\n    date: MMM d", "has no year"),
        ("message: '^(?<date>\\S+) (?<author>\\w+)'\n    date: yyyy-QQ-dd", "pattern letter 'Q'"),
        ("message: '^(?<time>\\S+) (?<author>\\w+)'\n    time: mm", "needs an hour"),
        ("message: '^(?<author>\\w+)'\n    year: soon", "'year' must be a year"),
    ])
    func configErrors(_ entry: String, _ expected: String) throws {
        let yaml = "title: x\nformats:\n  - name: mine\n    \(entry)\n"
        let error = try #require(Self.configError(yaml))
        #expect(error.location == SourceLocation(file: "content/site.yaml", line: 3), "\(error)")
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(error.message.contains("'mine'") || expected.contains("year"), "\(error.message)")
    }

    @Test func missingNameOrMessage() {
        #expect(Self.configError("formats:\n  - message: '^(?<author>\\w+)'\n")?.location?.line == 2)
        #expect(Self.configError("formats:\n  - name: x\n")?.message.contains("needs a 'message'") == true)
        #expect(Self.configError("formats: yes\n") != nil)
    }

    @Test func unknownKeyIsAWarning() throws {
        let (config, diagnostics) = try Self.config("formats:\n  - name: x\n    message: '^(?<author>\\w+): '\n    colour: red\n")
        #expect(config.formats.count == 1)
        #expect(config.formats.first?.location.line == 2)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.location == SourceLocation(file: "content/site.yaml", line: 4))
        #expect(diagnostics.first?.message.contains("'colour'") == true)
    }

    @Test func noMatchInAFileMeantForItIsAnError() throws {
        let yaml = "title: x\nformats:\n  - name: bot\n    files: 'logs/*.txt'\n    message: '^\\[(?<author>\\w+)\\] '\n"
        let (events, _, diagnostics) = try Self.read("hello\nworld\n", yaml: yaml)
        #expect(events.isEmpty)
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.location == SourceLocation(file: "content/site.yaml", line: 3))
        #expect(error.message.contains("matches no line of content/logs/chat.txt"))
    }

    // MARK: A runaway expression

    /// `(a+)+` before a character that never comes backtracks exponentially: the match is
    /// stopped (ICU's progress callback), the file is left out with a warning at the entry's
    /// line, and another file of the same site is still read. Unstopped, it runs for minutes:
    /// the bound on time is loose so a loaded machine does not fail it.
    @Test func catastrophicBacktrackingReturns() throws {
        let yaml = "title: x\nformats:\n  - name: slow\n    files: 'logs/*.txt'\n    message: '^(?<author>(a+)+): '\n"
        let started = Date()
        let line = String(repeating: "a", count: 5000) + "b"
        let (events, _, diagnostics) = try Self.read(line + "\n" + line + "\n", yaml: yaml)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(events.isEmpty)
        let error = try #require(diagnostics.first { $0.message.contains("takes too long") })
        #expect(error.severity == .warning)
        #expect(error.location == SourceLocation(file: "content/site.yaml", line: 3))
        #expect(error.message.contains("takes too long"))
        #expect(error.message.contains("content/logs/chat.txt line 1"))
        // The same description on a file it reads without trouble.
        let fine = try Self.read("aaa: hello\n", path: "content/logs/other.txt", yaml: yaml)
        #expect(fine.events.map(\.text) == ["hello"])
        #expect(!fine.diagnostics.contains { $0.severity == .error })
    }

    @Test func runawayWithoutFilesIsBoundedToo() throws {
        let yaml = "formats:\n  - name: slow\n    message: '^(?<author>(x+x+)+y)'\n"
        let started = Date()
        let (events, _, diagnostics) = try Self.read(String(repeating: "x", count: 3000) + "\n", yaml: yaml)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(events.isEmpty)
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("takes too long") })
    }

    // MARK: Layouts

    struct Layout: Sendable, CustomStringConvertible {
        var entry: String
        var line: String
        var author: String?
        var text: String
        /// UTC, as yyyy-MM-dd HH:mm:ss.
        var time: String
        var description: String { line }
    }

    static let layouts: [Layout] = [
        Layout(entry: "message: '^(?<date>\\d{4}-\\d\\d-\\d\\d) (?<time>\\d\\d:\\d\\d) (?<author>[^:]+): '\n    date: yyyy-MM-dd\n    time: HH:mm",
               line: "2010-05-06 07:08 Some One: hi there", author: "Some One", text: "hi there", time: "2010-05-06 07:08:00"),
        Layout(entry: "message: '^(?<date>\\d\\d\\.\\d\\d\\.\\d\\d), (?<time>\\d\\d:\\d\\d:\\d\\d) - (?<author>[^:]+): (?<text>.*)'\n    date: dd.MM.yy\n    time: HH:mm:ss",
               line: "31.12.99, 23:59:58 - Ann: party", author: "Ann", text: "party", time: "1999-12-31 23:59:58"),
        Layout(entry: "message: '^\\[(?<date>[^\\]]+?) (?<time>\\d+:\\d\\d [AP]M)\\] (?<author>\\w+): '\n    date: EEE, MMM d yyyy\n    time: h:mm a",
               line: "[Sat, Feb 14 2015 12:01 AM] bo: midnight", author: "bo", text: "midnight", time: "2015-02-14 00:01:00"),
        Layout(entry: "message: '^(?<time>\\d\\d:\\d\\d) (?:<(?<author>[^>]+)> )?'",
               line: "09:30 * topic changed", author: nil, text: "* topic changed", time: "2020-01-02 09:30:00"),
        Layout(entry: "message: '^(?<id>\\d+)\\t(?<date>\\S+)\\t(?<author>[^\\t]+)\\t(?<role>\\w*)\\t'\n    date: yyyy/M/d",
               line: "77\t2021/3/4\tCI\tbot\tbuild passed", author: "CI", text: "build passed", time: "2021-03-04 00:00:00"),
    ]

    @Test(arguments: layouts)
    func readsLayout(_ layout: Layout) throws {
        let yaml = "formats:\n  - name: t\n    files: '**/*.txt'\n    \(layout.entry)\n"
        let (events, conversation, diagnostics) = try Self.read(layout.line + "\n", path: "content/logs/2020-01-02.txt", yaml: yaml)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let event = try #require(events.first)
        #expect(events.count == 1)
        #expect(event.author == layout.author.map(RawAuthor.name))
        #expect(event.kind == (layout.author == nil ? .system : .message))
        #expect(event.text == layout.text)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        #expect(formatter.string(from: event.time) == layout.time)
        #expect(event.location == SourceLocation(file: "content/logs/2020-01-02.txt", line: 1))
        #expect(conversation?.channel.platform == "t")
        #expect(conversation?.note?.layout == "t")
        if layout.line.hasPrefix("77") {
            #expect(event.id == "77")
            #expect(event.isBot)
        }
    }

    @Test func sniffedWithoutFilesButBuiltInsWin() throws {
        let yaml = "formats:\n  - name: t\n    message: '^(?<author>\\w+)> '\n"
        let (config, _) = try Self.config(yaml)
        let settings = ReadSettings(config)
        let mine = Source(SourceFile(path: "content/a.txt", text: "\n\nann> hi\n"))
        #expect(DescribedFormatReader.confidence(mine, settings: settings) == 10)
        let other = Source(SourceFile(path: "content/b.txt", text: "nothing here\n"))
        #expect(DescribedFormatReader.confidence(other, settings: settings) == 0)
        let json = Source(SourceFile(path: "content/c.json", text: "{\"messages\": []}"))
        #expect(DescribedFormatReader.confidence(json, settings: settings) == 0)
        #expect(DescribedFormatReader.confidence(mine) == 0)
    }

    // MARK: Patterns and globs

    @Test(arguments: [
        ("yyyy-MM-dd", "2020-02-29", 2020, 2, 29, nil as Int?),
        ("yyyy-MM-dd", "2021-02-29", nil, nil, nil, nil),
        ("dd.MM.yy", "01.02.03", 2003, 2, 1, nil),
        ("d MMMM yyyy", "5 September 2019", 2019, 9, 5, nil),
        ("MMM d, yyyy 'at' HH:mm", "Jan 9, 2019 at 08:00", 2019, 1, 9, 8),
        ("M/d/yy, h:mm a", "3/7/21, 12:15 PM", 2021, 3, 7, 12),
        ("M/d/yy, h:mm a", "3/7/21, 12:15 AM", 2021, 3, 7, 0),
        ("yyyy-MM-dd", "2020-01-01x", nil, nil, nil, nil),
    ])
    func datePatterns(_ pattern: String, _ text: String, _ year: Int?, _ month: Int?, _ day: Int?, _ hour: Int?) throws {
        guard case .success(let parsed) = DatePattern.parse(pattern) else { Issue.record("\(pattern) does not parse"); return }
        let fields = parsed.read(text)
        #expect(fields?.year == year)
        #expect(fields?.month == month)
        #expect(fields?.day == day)
        #expect(fields?.hour == hour)
    }

    @Test(arguments: [
        ("logs/**/*.txt", "logs/a.txt", true), ("logs/**/*.txt", "logs/x/y/a.txt", true), ("logs/**/*.txt", "logs/a.log", false),
        ("*.txt", "a.txt", true), ("*.txt", "x/a.txt", false), ("**/*.txt", "a.txt", true), ("day-??.log", "day-01.log", true),
        ("day-??.log", "day-1.log", false), ("**", "x/y/z", true),
    ])
    func globs(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(Glob.matches(pattern, path) == expected)
    }

    @Test func groupNamesAndSpans() {
        #expect(DescribedFormatReader.namedGroups("(?<author>a)(?<=x)(?<!y)\\(?<no>)[(?<in>]") == ["author"])
        #expect(DescribedFormatReader.newlines("a\\nb\\\\nc\nd") == 2)
    }
}

/// Names that are e-mail addresses or phone numbers, and bodies too long to keep.
@Suite struct DescribedFormatPrivacyTests {
    @Test(arguments: [
        ("Ann <ann@example.org>", "Ann"), ("<ann@example.org>", "ann"), ("ann@example.org", "ann"),
        ("+49 170 1234567", "+… 4567"), ("Agent 007", "Agent 007"), ("bob", "bob"),
    ])
    func privateNames(_ name: String, _ expected: String) {
        #expect(DescribedFormatReader.privateName(name) == expected)
    }

    @Test func longBodiesAreCut() throws {
        let yaml = "formats:\n  - name: t\n    files: '*.txt'\n    message: '^(?<author>\\w+): '\n"
        let long = String(repeating: "x", count: 600_000)
        let text = "ann: " + String(repeating: "y", count: 1_200_000) + "\nbob: " + long + "\n" + long + "\n" + long + "\ncid: done\n"
        let (events, _, diagnostics) = try DescribedFormatTests.read(text, path: "content/big.txt", yaml: yaml)
        #expect(events.map(\.authorName) == ["ann", "bob", "cid"])
        #expect(events.allSatisfy { $0.text.utf8.count <= DescribedFormatReader.bodyCap })
        #expect(events[1].text.utf8.count == 600_000)   // its second line would pass the megabyte
        #expect(events[2].text == "done")
        let cut = diagnostics.filter { $0.message.hasPrefix("a message longer than 1 MB is cut") }
        #expect(cut.count == 1)
        #expect(cut.first?.location.line == 1)
        #expect(cut.first?.message.contains("and 1 more") == true)
    }
}

extension DescribedFormatTests {
    @Test func patternWithoutItsGroupIsAWarning() throws {
        let (_, diagnostics) = try Self.config("formats:\n  - name: x\n    message: '^(?<author>\\w+): '\n    time: HH:mm\n")
        #expect(diagnostics.map(\.message) == ["format 'x': 'time' is ignored: 'message' has no (?<time>…) group"])
        #expect(diagnostics.first?.location.line == 2)
    }
}
