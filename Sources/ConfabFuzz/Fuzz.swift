import ConfabCore
import Foundation

/// The sample site's settings: a base URL (feeds are planned only with one), a series
/// under two tags, a zone with daylight saving for logs' naive times, and a described
/// line layout (tried on any part no built-in reader claims), and privacy settings, which the defaults would leave untested.
let config: SiteConfig = {
    var config = SiteConfig(baseURL: "https://example.org/chat/",
                            series: [SeriesConfig(key: "badgechat", name: "#BadgeChat", aliases: ["badgechatk12"])],
                            timeZone: "Europe/Berlin")
    config.formats = [LineFormat(name: "our-bot-log", message: #"^(?<date>\d{4}-\d\d-\d\d) (?<time>\d\d:\d\d) (?<author>[^:]+): "#,
                                 date: "yyyy-MM-dd", time: "HH:mm", ignore: "^# ", location: SourceLocation(file: "content/site.yaml", line: 3))]
    // Privacy's edits of texts, placeholders and pseudonyms run on every input.
    config.privacy.exclude = [PersonReference("alice")!, PersonReference("slack:U0ANA")!]
    config.privacy.anonymizeAll = true
    config.privacy.publicPeople = [PersonReference("SenorG")!]
    config.privacy.remove = [MessageReference("badgechat-2018-03-05#m2")!]
    config.privacy.salt = "fuzzing-salt-of-sixteen"
    return config
}()

/// The built-in theme, parsed once.
let theme = try! Theme(overrides: [])

/// One fuzz input through every stage `confab build` runs but writing: read (every
/// format reader), normalize, summarize, plan, render (pages, their views and the streamed data
/// export). Any input is fair: a bad transcript must end as a diagnostic, never as
/// a crash, a hang or a leak.
func runStages(_ input: Data) {
    // NUL never reaches the reader (a file holding one is skipped as binary), so it
    // is free to split an input into several files: sessions then meet in series,
    // people, slugs and search.
    let files = input.split(separator: 0, omittingEmptySubsequences: false).enumerated().compactMap { index, bytes in
        let path = "content/fuzz-\(index).txt"
        return TextDecoding.decode(Data(bytes), path: path).0.map { SourceFile(path: path, text: $0) }
    }
    // Each part is a source, read by whichever format reader claims it (the corpus holds
    // transcripts and every platform's JSON), as a build reads them.
    let sources = files.map(Source.init)
    let readings = sources.map { source in SourceReader.reading(source, settings: ReadSettings(config)) { Normalizer.sessions($0, config: config) } }
    let (built, _) = SourceReader.withoutCopies(readings, of: sources)
    let (archive, _) = Normalizer.archive(built, config: config)
    let map = SiteMap(archive)
    let plan = Planner.plan(archive, Summarizer.summarize(archive, map: map), map: map, version: confabVersion)
    _ = try! Renderer.render(plan, theme: theme)
}

/// Called by libFuzzer once, before any input: the theme is parsed here, so its one-time
/// allocations are not taken for a leak of the first input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    _ = theme
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    runStages(Data(UnsafeBufferPointer(start: bytes, count: count)))
    return 0
}

#if !FUZZING
/// Built without libFuzzer (`swift build`, which must still link a `main`): replays
/// the files named on the command line, e.g. a crash input under a debugger.
@main enum Replay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            runStages(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }
}
#endif
