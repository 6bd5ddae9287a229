import Foundation
import Testing
@testable import ConfabCore

/// A channel logged in one file a day is one series across its days, whatever each day's lines say.
@Suite struct LogSeriesTests {
    static func series(_ files: [(String, String)]) -> [String] {
        let read = files.map { FormatRegistry.read(Source(SourceFile(path: $0.0, text: $0.1))).chats }
        let built = read.map { Normalizer.sessions($0, config: SiteConfig()) }
        let (archive, _) = Normalizer.archive(built, config: SiteConfig())
        return archive.sessions.map(\.series)
    }

    /// irssi logs in a folder named without `#` (as publishers keep them): a day with a join
    /// line names the channel `#teeworlds`, a day without took the folder's `teeworlds`.
    @Test func ircDaysWithAndWithoutJoins() {
        let series = Self.series([
            ("content/teeworlds/2015-02-14.log", "10:00 -!- ann [a@b] has joined #teeworlds\n10:01 <ann> hi\n10:02 <bob> yo\n"),
            ("content/teeworlds/2015-02-15.log", "10:01 <ann> hi again\n10:02 <bob> yo\n"),
        ])
        #expect(series.count == 2)
        #expect(Set(series).count == 1, "\(series)")
    }

    /// Per-day files named by the channel (`#Chan_20160810.log`) and a join line writing it in other case.
    @Test func ircChannelCase() {
        let series = Self.series([
            ("content/#Chan_20160810.log", "[10:00:00] *** Joins: ann (a@b)\n[10:01:00] <ann> hi\n[10:02:00] <bob> yo\n"),
            ("content/#chan_20160811.log", "[10:00:00] -!- ann [a@b] has joined #chan\n[10:01:00] <ann> hi\n[10:02:00] <bob> yo\n"),
        ])
        #expect(Set(series).count == 1, "\(series)")
    }
}
