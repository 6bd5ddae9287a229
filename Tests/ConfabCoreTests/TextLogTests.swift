import Foundation
import Testing
@testable import ConfabCore

/// What every text-log reader shares: lines, control bytes, code blocks, dates from paths, naive times.
@Suite struct TextLogTests {
    @Test(arguments: [
        ("a\nb\n", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\rb\r", ["a", "b"]),            // an old Mac log: CR alone ends lines
        ("a\rstill a\nb", ["a\rstill a", "b"]),   // a bare CR inside a line of an LF file stays in it
        ("a\n\nb", ["a", "", "b"]),
        ("", []),
    ])
    func linesEndAtLFCRLFAndLoneCR(text: String, expected: [String]) {
        let lines = TextLog.lines(text)
        #expect(lines.map { String($0.text) } == expected)
        #expect(lines.map(\.number) == Array(stride(from: 1, through: expected.count, by: 1)))
    }

    @Test(arguments: [
        ("\u{3}04,01red\u{3} plain", "red plain"),
        ("\u{2}bold\u{2} \u{1D}it\u{1D} \u{1F}u\u{1F} \u{16}rev\u{16} \u{F}reset", "bold it u rev reset"),
        ("\u{3}1,2x", "x"),
        ("\u{3},5x", ",5x"),                 // a comma with no colour before it is text
        ("\u{4}FF0000hex", "hex"),
        ("tab\there", "tab\there"),
        ("cr\rinside", "cr\ninside"),
        ("2\u{3}3 is a colour", "2 is a colour"),
    ])
    func mircCodesAreRemoved(raw: String, expected: String) {
        #expect(TextLog.clean(raw) == expected)
    }

    @Test func codeBlocksOfAPageAreTheLogAndKeepTheirLineNumbers() throws {
        let page = "# Meeting log\n\nWe met.\n\n```\n10:00 <ann> hi\n10:01 <bob> hello\n10:02 <ann> bye\n```\nThe end.\n"
        let code = try #require(TextLog.codeBlocks(page))
        let lines = TextLog.lines(code)
        #expect(lines[5].text == "10:00 <ann> hi" && lines[5].number == 6)
        #expect(lines.filter { !$0.text.isEmpty }.count == 3)

        let indented = "Log:\n\n    10:00 <ann> hi\n    10:01 <bob> hello\n    10:02 <ann> bye\n"
        #expect(TextLog.codeBlocks(indented).map { TextLog.lines($0).map(\.text).filter { !$0.isEmpty } } == ["10:00 <ann> hi", "10:01 <bob> hello", "10:02 <ann> bye"])
        #expect(TextLog.codeBlocks("just prose\nand more prose\n") == nil)
    }

    @Test(arguments: [
        ("content/logs/2016-08-10.log", "2016-08-10", "date from the file name '2016-08-10.log'"),
        ("content/logs/#chan_20160810.log", "2016-08-10", "date from the file name '#chan_20160810.log'"),
        ("content/logs/chan.2016.08.10.txt", "2016-08-10", "date from the file name 'chan.2016.08.10.txt'"),
        ("content/znc/2020/10/04.log", "2020-10-04", "date from the folder '2020/10'"),
        ("content/znc/2020-10/04.log", "2020-10-04", "date from the folder '2020-10'"),
        ("content/zoom/2020-09-15 10.00.00 Design review 123456789/meeting_saved_chat.txt", "2020-09-15",
         "date from the folder '2020-09-15 10.00.00 Design review 123456789'"),
    ])
    func datesComeFromNamesThenFolders(path: String, date: String, said: String) throws {
        let (found, source) = try #require(TextLog.date(fromPath: path))
        #expect(found.description == date)
        #expect(source.description == said)
    }

    @Test(arguments: ["content/chat.log", "content/2016-13-40.log", "content/12345678901.log", "content/2016-08-1.log", "content/201608100.log"])
    func noDateWhereNoneIsWritten(path: String) {
        #expect(TextLog.date(fromPath: path) == nil)
    }

    @Test func naiveTimesFollowDaylightSaving() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let winter = TextLog.instant(LocalDate(year: 2021, month: 1, day: 10), seconds: 12 * 3600, in: berlin)
        let summer = TextLog.instant(LocalDate(year: 2021, month: 7, day: 10), seconds: 12 * 3600, in: berlin)
        #expect(winter.timeIntervalSince1970.truncatingRemainder(dividingBy: 86400) == 11 * 3600)
        #expect(summer.timeIntervalSince1970.truncatingRemainder(dividingBy: 86400) == 10 * 3600)
        // 02:30 on the spring-forward day does not exist: read with the offset before the change.
        let skipped = TextLog.instant(LocalDate(year: 2021, month: 3, day: 28), seconds: 2.5 * 3600, in: berlin)
        #expect(TextLog.localDate(skipped, in: berlin) == LocalDate(year: 2021, month: 3, day: 28))
        #expect(TextLog.instant(LocalDate(year: 2021, month: 3, day: 28), seconds: 3.5 * 3600, in: berlin).timeIntervalSince(skipped) == 0)
    }

    @Test func aClockThatGoesBackMoreThanAnHourHasPassedMidnight() {
        var roller = DayRoller(LocalDate(year: 2019, month: 12, day: 31))
        #expect(roller.date(at: 23 * 3600 + 59 * 60) == LocalDate(year: 2019, month: 12, day: 31))
        #expect(roller.date(at: 60) == LocalDate(year: 2020, month: 1, day: 1))
        // A line a few minutes out of order, or the hour repeated when summer time ends, is the same day.
        #expect(roller.date(at: 2 * 3600) == LocalDate(year: 2020, month: 1, day: 1))
        #expect(roller.date(at: 1.5 * 3600) == LocalDate(year: 2020, month: 1, day: 1))
        roller.restart(LocalDate(year: 2020, month: 2, day: 1))
        #expect(roller.date(at: 60) == LocalDate(year: 2020, month: 2, day: 1))
    }

    @Test func utf16WithBOMIsDecoded() {
        let little = [UInt8]([0xFF, 0xFE]) + Array("10:00 <ann> héllo 👋\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = [UInt8]([0xFE, 0xFF]) + Array("10:00 <ann> héllo 👋\n".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [little, big] {
            let (text, diagnostics) = TextDecoding.decode(Data(bytes), path: "content/x.log")
            #expect(text == "10:00 <ann> héllo 👋\n")
            #expect(diagnostics.isEmpty)
        }
        var none: [Diagnostic] = []
        #expect(SourceFinder.text(Data(little), path: "content/x.zip/a.txt", diagnostics: &none)?.text == "10:00 <ann> héllo 👋\n")
    }

    @Test func datesSettingNamesAFileByPathOrName() throws {
        let (config, diagnostics) = try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: """
            dates:
              logs/old.log: 2004-03-03
              other.log: 2005-01-02
            privacy:
              private_messages: true
            """))
        #expect(diagnostics.isEmpty)
        let settings = ReadSettings(config)
        #expect(settings.date(for: "content/logs/old.log") == LocalDate(year: 2004, month: 3, day: 3))
        #expect(settings.date(for: "content/deep/other.log") == LocalDate(year: 2005, month: 1, day: 2))
        #expect(config.privateMessages)
        #expect(throws: ConfabError.self) {
            try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: "dates:\n  a.log: March 3\n"))
        }
    }

    /// A log too large to hold in memory is read up to its last whole line before the limit.
    @Test func aFileOverTheLimitIsReadToItsLastWholeLine() throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("big.log")
        try Data("10:00 <ann> one\n10:01 <bob> two\n10:02 <cy> three\n".utf8).write(to: url)
        var diagnostics: [Diagnostic] = []
        let file = try #require(try SiteReader.readText(url, path: "content/big.log", limit: 40, diagnostics: &diagnostics))
        #expect(file.text == "10:00 <ann> one\n10:01 <bob> two\n")
        #expect(diagnostics.map(\.description) == [
            "content/big.log:2: warning: the file holds 49 bytes; its first 32 bytes (to this line) are read and the rest is left out: "
                + "Confab holds a source in memory while it reads it, so split a log this large (by year or month)",
        ])
        diagnostics = []
        #expect(try SiteReader.readText(url, path: "content/big.log", limit: 49, diagnostics: &diagnostics)?.text.count == 49)
        #expect(diagnostics.isEmpty)
    }

    /// The shared body cap: never a scalar cut in two, nothing for no room, the whole when it fits.
    @Test func prefixByBytes() {
        #expect(TextLog.prefix("aé€😀", bytes: 100) == "aé€😀")
        #expect(TextLog.prefix("aé€😀", bytes: 2) == "a")
        #expect(TextLog.prefix("aé€😀", bytes: 3) == "aé")
        #expect(TextLog.prefix("aé€😀", bytes: 9) == "aé€")
        #expect(TextLog.prefix("aé€😀", bytes: 0) == "")
        #expect(TextLog.prefix("aé€😀", bytes: -5) == "")
        #expect(TextLog.daysIn(month: 2, year: 2000) == 29 && TextLog.daysIn(month: 2, year: 1900) == 28 && TextLog.daysIn(month: 2, year: 2024) == 29)
        #expect(TextLog.collapsed([], file: "f", "x") == nil)
        #expect(TextLog.collapsed([3, 9], file: "f", "bad")?.message == "bad (and 1 more lines)")
    }

    /// `dates:` takes only real days written yyyy-MM-dd.
    @Test func settingsDatesStrict() {
        for bad in ["2020-02-30", "2021-02-29", "x20200101y", "2020/01/01", "2020-04-31"] {
            #expect(throws: ConfabError.self, "\(bad)") {
                try ConfigReader.parse(SourceFile(path: "content/site.yaml", text: "dates:\n  a.log: \"\(bad)\"\n"))
            }
        }
        let (config, _) = try! ConfigReader.parse(SourceFile(path: "content/site.yaml", text: "dates:\n  a.log: 2020-02-29\n"))
        #expect(config.logDates["a.log"] == LocalDate(year: 2020, month: 2, day: 29))
    }
}
