import Foundation
import Testing
@testable import ConfabCore

/// The session cache keeps each transcript's reading between builds; what it reads back
/// must be exactly what reading and normalizing the transcript gives.
@Suite struct SessionCacheTests {
    static func transcripts() throws -> [SourceFile] {
        let adversarial = Repository.root.appendingPathComponent("Tests/Adversarial/content")
        let files = try FileManager.default.contentsOfDirectory(atPath: adversarial.path).filter { $0.hasSuffix(".txt") }.sorted()
        return try [Repository.content(Repository.participateSample), Repository.content(Repository.plainSample),
                    Repository.fixture("participate-midnight.txt"), Repository.fixture("plain-bom.txt")]
            + files.compactMap { name in
                TextDecoding.decode(try Data(contentsOf: adversarial.appendingPathComponent(name)), path: "content/\(name)").0
                    .map { SourceFile(path: "content/\(name)", text: $0) }
            }
    }

    @Test func everyReadingSurvivesTheRoundTrip() throws {
        var sessions = 0, messages = 0
        for file in try Self.transcripts() {
            let reading = SourceReader.reading(Source(file)) { Normalizer.sessions($0, config: SiteConfig()) }
            var writer = CacheWriter()
            writer.write(reading)
            var reader = CacheReader(writer.bytes)
            let decoded = try SourceReading<BuiltSession>(from: &reader)
            #expect(reader.isAtEnd)
            #expect(decoded.copyKey == reading.copyKey && decoded.diagnostics == reading.diagnostics, "\(file.path)")
            #expect(decoded.result == reading.result, "\(file.path)")
            sessions += decoded.result?.sessions.count ?? 0
            messages += decoded.result?.sessions.first?.messages.count ?? 0
        }
        // The samples, the fixtures and the adversarial sessions, with replies, quotes,
        // labels, entities, reposts, roles and diagnostics among them.
        #expect(sessions >= 6 && messages > 100)
    }

    @Test(arguments: [Int.min, -1, 0, 1, 127, 128, 300, Int.max])
    func numbersSurvive(number: Int) throws {
        var writer = CacheWriter()
        writer.write(number)
        writer.write(Optional("é 日本"))
        writer.write(["b": [1], "a": [2, 3]])
        var reader = CacheReader(writer.bytes)
        #expect(try reader.read() == number)
        #expect(try reader.read() == Optional("é 日本"))
        #expect(try reader.read() == ["a": [2, 3], "b": [1]])
        #expect(reader.isAtEnd)
    }

    @Test func damagedEntriesAreMisses() throws {
        let file = try Repository.content(Repository.participateSample)
        let reading = SourceReader.reading(Source(file)) { Normalizer.sessions($0, config: SiteConfig()) }
        var writer = CacheWriter()
        writer.write(reading)
        // Cut short anywhere, the entry throws rather than read as something else.
        for length in stride(from: 0, to: writer.bytes.count, by: 97) {
            var reader = CacheReader(Array(writer.bytes.prefix(length)))
            #expect(throws: CacheReader.Damaged.self) { try SourceReading<BuiltSession>(from: &reader) }
        }
    }

    /// A rebuild takes unchanged transcripts from the cache and reads changed ones, and
    /// either way builds the same site as a build without the cache.
    @Test func rebuildsReadOnlyWhatChanged() throws {
        let site = try TemporaryFolder.sampleSite()
        let output = site.url.appendingPathComponent("public")
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let folder = BuildCache.cacheURL(for: output, suffix: ".sessions")
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(entries.count == 2)

        // A damaged entry is read again from its transcript; a changed transcript gets a new entry.
        try Data("not an entry".utf8).write(to: folder.appendingPathComponent(entries[0]))
        let path = "content/badgechat-2018-03-05.txt"
        try site.write(path, try site.read(path).replacingOccurrences(of: "badges", with: "Badges"))
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let after = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(after.count == 2 && after != entries)

        let cached = try SiteReader.files(in: output, withExtension: nil).map { ($0.relative, try Data(contentsOf: $0.url)) }.sorted { $0.0 < $1.0 }.map(\.1)
        _ = try build(BuildOptions(site: site.url, force: true, tool: "test"))
        let forced = try SiteReader.files(in: output, withExtension: nil).map { ($0.relative, try Data(contentsOf: $0.url)) }.sorted { $0.0 < $1.0 }.map(\.1)
        #expect(cached == forced)
        // Other settings are other entries; the unused ones are pruned.
        try site.write("content/site.yaml", "title: Another title\n")
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let retitled = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(retitled.count == 2 && Set(retitled).isDisjoint(with: after))
    }
}

/// Recaps, search parts and export parts are kept per session under the session's key.
@Suite struct SessionMemoTests {
    @Test func valuesAreKeptUnderTheSessionsKeyAndMadeAgainWhenItChanges() throws {
        let site = try TemporaryFolder.sampleSite()
        let output = site.url.appendingPathComponent("public")
        let input = try SiteReader.read(site: site.url)
        let (archive, _) = normalize(input)
        let map = SiteMap(archive)
        let setting = Fingerprint(setting: input, tool: "test")
        let keys = PageKeys(archive, map: map, setting: setting, transcripts: Fingerprint.transcripts(input))
        let made = Counter()
        func recap(_ memo: SessionMemo) -> Summary {
            memo.value(.recap, session: 0) { made.add(); return Summary(markdown: "# made \(made.count)", html: "<p>é</p>") }
        }
        let memo = SessionMemo(output: output, keys: keys, force: false)
        #expect(recap(memo).markdown == "# made 1")
        #expect(recap(memo).markdown == "# made 1" && made.count == 1)
        // --force makes it again; so does another session key (here: another tool).
        #expect(recap(SessionMemo(output: output, keys: keys, force: true)).markdown == "# made 2")
        let otherKeys = PageKeys(archive, map: map, setting: Fingerprint(setting: input, tool: "test 2"), transcripts: Fingerprint.transcripts(input))
        #expect(recap(SessionMemo(output: output, keys: otherKeys, force: false)).markdown == "# made 3")
        // A damaged file is made again.
        let folder = BuildCache.cacheURL(for: output, suffix: ".parts")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            try Data([1, 2, 3]).write(to: folder.appendingPathComponent(name))
        }
        #expect(recap(memo).markdown == "# made 4")
        // Pruning keeps what this build's sessions use.
        memo.prune()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        #expect(recap(SessionMemo.none).markdown == "# made 5")
    }

    @Test func searchPartsSurviveTheRoundTrip() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)])
        let context = PlanContext(archive, summaries(archive), map: SiteMap(archive), version: "test")
        let part = SearchIndex.part(session: 0, context)
        var writer = CacheWriter()
        writer.write(part)
        var reader = CacheReader(writer.bytes)
        let decoded = try SearchIndex.Part(from: &reader)
        #expect(reader.isAtEnd && decoded.session == 0 && decoded.messages == part.messages && decoded.messages > 50)
        #expect(decoded.lengths == part.lengths && decoded.people == part.people)
        #expect(decoded.stored.map(\.url) == part.stored.map(\.url) && decoded.stored.map(\.text) == part.stored.map(\.text))
        #expect(decoded.postings.mapValues { $0.map { [$0.doc, $0.tf] } } == part.postings.mapValues { $0.map { [$0.doc, $0.tf] } })
    }

    /// Every file below `folder`, by path.
    static func files(_ folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        for path in FileManager.default.subpaths(atPath: folder.path) ?? [] {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) { files[path] = data }
        }
        return files
    }

    static func transcript(day: Int, _ messages: [(author: String, text: String)]) -> String {
        "#testchat Archive\n\nMonday January \(day), 2015\n6:30 PM EST\n\n"
            + messages.enumerated().map { i, message in
                "  • \(message.author) Jan \(day) @ 6:\(30 + i) PM EST\n    \(message.text)\n"
            }.joined()
    }

    /// A session's key stands for its transcript and what it names elsewhere: a new person
    /// or session leaves the other sessions' keys (and pages) alone; a change to a person a
    /// session names (here the handle the archive shows) changes that session's key.
    @Test func sessionKeysFollowWhatTheSessionNames() {
        func keys(_ texts: [String]) -> [String] {
            let files = texts.enumerated().map { SourceFile(path: "content/s\($0.offset).txt", text: $0.element) }
            let (archive, _) = archive(files)
            let transcripts = files.map { file in
                var fingerprint = Fingerprint()
                fingerprint.add(file.text)
                return (path: file.path, fingerprint: fingerprint)
            }
            return PageKeys(archive, map: SiteMap(archive), setting: Fingerprint(), transcripts: transcripts).sessionKeys
        }
        let a = Self.transcript(day: 5, [("zed", "Hi @aaa_person #rubrics"), ("mia", "Hello all")])
        let b = Self.transcript(day: 12, [("zed", "Welcome"), ("aaa_person", "Hello there")])
        let c = Self.transcript(day: 19, [("bob", "Alone here")])
        let before = keys([a, b, c])
        #expect(Set(before).count == 3)

        // Someone new writes in c; a new session d: a and b keep their keys.
        let withNewcomer = keys([a, b, Self.transcript(day: 19, [("bob", "Alone here"), ("newbie", "Not any more")])])
        #expect(withNewcomer[0] == before[0] && withNewcomer[1] == before[1] && withNewcomer[2] != before[2])
        let withSession = keys([a, b, c, Self.transcript(day: 26, [("carol", "A new week")])])
        #expect(Array(withSession.prefix(3)) == before)

        // zed's handle as the archive shows it changes (written ZED most often now, in b): a names zed too.
        let respelled = keys([a, Self.transcript(day: 12, [("ZED", "Welcome"), ("ZED", "Again"), ("aaa_person", "Hello there")]), c])
        #expect(respelled[0] != before[0] && respelled[2] == before[2])
    }

    /// A session's search part numbers people by their place among the participants: someone
    /// who stops writing (and is still mentioned, so keeps the same page) moves everyone after them.
    @Test func searchPartsFollowWhoWrites() throws {
        let site = try TemporaryFolder()
        try site.write("content/a.txt", Self.transcript(day: 5, [("zed", "Hi @aaa_person"), ("mia", "Hello all")]))
        try site.write("content/b.txt", Self.transcript(day: 12, [("zed", "Welcome"), ("aaa_person", "Hello there")]))
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        try site.write("content/b.txt", Self.transcript(day: 12, [("zed", "Welcome"), ("mia", "Hello there")]))
        let report = try build(BuildOptions(site: site.url, tool: "test"))
        #expect(!report.upToDate)
        let files = Self.files(site.url.appendingPathComponent("public"))
        let forced = site.url.appendingPathComponent("forced")
        _ = try build(BuildOptions(site: site.url, output: forced, force: true, tool: "test"))
        #expect(files["search/meta.js"] == Self.files(forced)["search/meta.js"])
    }

    /// An entry is bound to its name and bytes: one copied over another, or with a byte
    /// changed, is made again, never taken as it is, and never stops the build.
    @Test func copiedAndDamagedEntriesAreMisses() throws {
        let site = try TemporaryFolder.sampleSite()
        let output = site.url.appendingPathComponent("public")
        _ = try build(BuildOptions(site: site.url, tool: "test"))
        let fm = FileManager.default
        let sessions = BuildCache.cacheURL(for: output, suffix: ".sessions")
        let parts = BuildCache.cacheURL(for: output, suffix: ".parts")
        let entries = try fm.contentsOfDirectory(atPath: sessions.path).sorted()
        try fm.removeItem(at: sessions.appendingPathComponent(entries[1]))
        try fm.copyItem(at: sessions.appendingPathComponent(entries[0]), to: sessions.appendingPathComponent(entries[1]))
        let names = try fm.contentsOfDirectory(atPath: parts.path).sorted()
        for kind in ["recap", "export", "search"] {
            let pair = names.filter { $0.hasSuffix("." + kind) }
            try fm.removeItem(at: parts.appendingPathComponent(pair[1]))
            try fm.copyItem(at: parts.appendingPathComponent(pair[0]), to: parts.appendingPathComponent(pair[1]))
            // A count made negative in the other one.
            var bytes = [UInt8](try Data(contentsOf: parts.appendingPathComponent(pair[0])))
            bytes[bytes.count / 2] ^= 0x01
            try Data(bytes).write(to: parts.appendingPathComponent(pair[0]))
        }
        try fm.removeItem(at: BuildCache.recordURL(for: output))
        let rebuilt = try build(BuildOptions(site: site.url, tool: "test"))
        #expect(!rebuilt.upToDate)
        let forced = site.url.appendingPathComponent("forced")
        _ = try build(BuildOptions(site: site.url, output: forced, force: true, tool: "test"))
        let built = Self.files(output), expected = Self.files(forced)
        #expect(built.keys.sorted() == expected.keys.sorted())
        #expect(expected.keys.filter { built[$0] != expected[$0] }.isEmpty)
    }

    @Test func hugeAndNegativeCountsAreDamage() throws {
        var writer = CacheWriter()
        writer.writeVarint(UInt64.max)   // a string's length past Int.max
        var reader = CacheReader(writer.bytes)
        #expect(throws: CacheReader.Damaged.self) { try reader.read() as String }
        var part = CacheWriter()
        part.write(Optional(0))
        part.write(-3)   // stored documents
        reader = CacheReader(part.bytes)
        #expect(throws: CacheReader.Damaged.self) { try SearchIndex.Part(from: &reader) }
    }
}

/// Counts calls from a closure.
final class Counter: @unchecked Sendable {
    private(set) var count = 0
    func add() { count += 1 }
}
