import Foundation
import Testing
@testable import ConfabCore

@Suite struct SearchTests {
    @Test(arguments: [
        ("Café DÉJÀ vu", ["cafe", "deja", "vu"]),
        ("A1: Walk through, PRIOR to going live.", ["a1", "walk", "through", "prior", "to", "going", "live"]),
        ("Hi 👋 Mae", ["hi", "mae"]),
        ("#BadgeChat and @Kyle_Clements1", ["badgechat", "and", "kyle", "clements1"]),
        ("naïve Zürich Ångström", ["naive", "zurich", "angstrom"]),
        ("日本語のテキスト", ["日", "本", "語", "の", "テ", "キ", "ス", "ト", "日本", "本語", "語の", "のテ", "テキ", "キス", "スト"]),
        ("東京 and デザイン2024", ["東", "京", "東京", "and", "テ", "サ", "イ", "ン", "テサ", "サイ", "イン", "2024"]),
        ("字", ["字"]),
        ("ア・イ", ["ア", "イ"]),
        ("ı\u{301} ß\u{301}x ς\u{301}", ["i", "ssx", "σ"]),
        ("한국어 ไทย", ["한국어", "ไทย"]),
        ("https://t.co/TPSB4ep8yX", ["https", "t", "co", "tpsb4ep8yx"]),
        ("Straße ΟΔΟΣ DİYARBAKIR ﬁne Ａｂｃ", ["strasse", "οδοσ", "diyarbakir", "fine", "abc"]),
        ("", [String]()),
        ("ASCII only: A1b, it's 100% OK_yes", ["ascii", "only", "a1b", "it", "s", "100", "ok", "yes"]),
    ])
    func tokens(text: String, expected: [String]) {
        #expect(SearchText.tokens(text) == expected)
        // The ASCII fast path agrees with the full Unicode path.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { #expect(SearchText.tokens(text + " é").dropLast() == expected) }
    }

    @Test func shardKeysArePrefixes() {
        #expect(SearchText.shardKey("badge") == "bad")
        #expect(SearchText.shardKey("badge", length: 1) == "b")
        #expect(SearchText.shardKey("a") == "a")
        #expect(SearchText.shardKey("日本語", length: 2) == "日本")
        #expect([1_000, 100_000, 5_000_000].map(SearchText.keyLength) == [1, 2, 3])
    }

    @Test(arguments: [
        ([Int](), [Range<Int>]()),
        ([100], [0..<1]),
        ([10_000, 10_000, 10_000, 10_000], [0..<3, 3..<4]),
        ([50_000, 1_000, 1_000], [0..<1, 1..<3]),       // a large shard is a file of its own
        ([1_000, 50_000, 1_000], [0..<1, 1..<2, 2..<3]),
        ([32_768, 1], [0..<1, 1..<2]),
    ])
    func shardsArePackedIntoFilesOfAboutTheSameSize(sizes: [Int], expected: [Range<Int>]) {
        #expect(SearchIndex.packedFiles(sizes) == expected)
    }

    @Test func indexFilesHoldEveryMessageAndTerm() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)])
        let files = plan(archive).allFiles.filter { $0.path.hasPrefix("search/") }
        let text = Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        let meta = try #require(text["search/meta.js"])
        // 1 session, 4 questions, 63 messages, 10 people.
        #expect(meta.contains("\"count\":78,"))
        #expect(meta.contains("\"kinds\":\"sqqqq" + String(repeating: "m", count: 63) + String(repeating: "p", count: 10) + "\""))
        // A small archive: one shard per first letter, all in one file.
        #expect(meta.contains("\"keyLength\":1,"))
        let keys = try #require(meta.firstMatch(of: /"shards":\[([^\]]*)\],\n"files":\[(\d+)\]\}\);/))
        #expect(keys.1.split(separator: ",").count == Int(keys.2)!)
        let shards = try #require(text["search/t-0.js"])
        #expect(text.keys.filter { $0.hasPrefix("search/t-") } == ["search/t-0.js"])
        #expect(shards.contains("Confab.shard(\"r\",{\"") && shards.contains("\"rubrics\":\""))
        let docs = try #require(text["search/d-0.js"])
        // Messages keep only text and time; their link and author come from meta.js.
        #expect(docs.contains("[\"I hate rubrics"))
        #expect(docs.hasPrefix("Confab.docs(0,[[\"sessions/badgechat-2018-03-05.html\",\"#badgechat · Monday, March 5, 2018\","))
        #expect(meta.contains("\"sessions\":[[\"#badgechat · Monday, March 5, 2018\",\"2018-03-05\",0,\"sessions/badgechat-2018-03-05.html\",0,5,0]],\n\"sessionsEnd\":68,"))
        #expect(meta.contains("\"platforms\":[\"Twitter chat\"],"))
    }

    @Test func postingsArePackedGapsAndWeights() throws {
        var postings = SearchIndex.TermPostings()
        postings.append([.init(doc: 2, tf: 1), .init(doc: 5, tf: 1)], base: 0)
        postings.append([.init(doc: 0, tf: 2)], base: 290)   // a later part's first document
        let packed = SearchIndex.packed(postings, lengths: Array(repeating: 2, count: 300), average: 2)
        let bytes = [UInt8](try #require(Data(base64Encoded: packed)))
        // Documents 2, 5, 290: gaps 2, 3 and 285 (two varint bytes), each followed by a weight byte.
        #expect(bytes.count == 7)
        let gap = 290 - 5
        #expect([bytes[0], bytes[2], bytes[4], bytes[5]] == [2, 3, UInt8(0x80 | (gap & 0x7F)), UInt8(gap >> 7)])
        // tf 1 in a document of average length weighs exactly 1 of k1 + 1 = 2.2.
        #expect(bytes[1] == UInt8((1 / 2.2 * 255).rounded()))
        #expect(bytes[6] > bytes[1])
    }

    @Test func questionsBelongToTheirAsker() throws {
        let (archive, _) = archive([try Repository.content(Repository.participateSample)])
        let meta = String(decoding: try #require(plan(archive).allFiles.first { $0.path == "search/meta.js" }).bytes, as: UTF8.self)
        let packed = try #require(meta.firstMatch(of: /"person":"([^"]*)"/)).1
        let people = Self.varints(try #require(Data(base64Encoded: String(packed))))
        let senorg = archive.participants.firstIndex { $0.key == "senorg" }!
        // Document 0 is the session; 1 to 4 are its questions, asked by SenorG; people are stored plus one.
        #expect(people.count == 78)
        #expect(Array(people.prefix(5)) == [0] + Array(repeating: senorg + 1, count: 4))
        #expect(Array(people.suffix(10)) == Array(1...10))
    }

    @Test func varintsRoundTrip() throws {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, 2_000_000]
        #expect(Self.varints(try #require(Data(base64Encoded: SearchIndex.varints(numbers)))) == numbers)
    }

    /// Reads what `SearchIndex.varints` writes, the way search.js does.
    static func varints(_ data: Data) -> [Int] {
        var numbers: [Int] = [], value = 0, shift = 0
        for byte in data {
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { numbers.append(value); value = 0; shift = 0 }
        }
        return numbers
    }

    @Test func indexTextCannotBreakOutOfItsScript() throws {
        let text = "#demo Archive\n\nMonday January 1, 2024\n6:00 PM UTC\n\n  • x Jan 1 @ 6:01 PM UTC\n    </script><script>alert(1)</script> \"quoted\" \\ \u{2028}\n"
        let (archive, _) = archive([SourceFile(path: "content/x.txt", text: text)])
        let docs = String(decoding: try #require(plan(archive).allFiles.first { $0.path == "search/d-0.js" }).bytes, as: UTF8.self)
        #expect(!docs.contains("</script>") && !docs.contains("<script>"))
        #expect(docs.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\\"quoted\\\" \\\\ \\u2028"))
    }
    /// Sessions of `counts` messages, each message naming a few of the same words.
    static func transcripts(_ counts: [Int], edit: Int? = nil) -> [SourceFile] {
        counts.enumerated().map { s, count in
            let day = s + 1
            var text = "#demo Archive\n\nMonday January \(day), 2024\n6:00 PM UTC\n\n"
            for m in 0..<count {
                text += "  • person\(m % 4) Jan \(day) @ 6:\(10 + m % 40) PM UTC\n    rubric badge \(day)x\(m)\(s == edit ? " edited" : "")\n"
            }
            return SourceFile(path: "content/d\(day).txt", text: text)
        }
    }

    /// A chunk's key stands for the sessions whose documents it holds and where they start:
    /// an edit to the last session keeps every chunk before it; a message added to the
    /// first moves every document after it, so no chunk keeps its key.
    @Test func chunkKeysFollowTheirSessions() throws {
        let folder = try TemporaryFolder()
        let output = folder.url.appendingPathComponent("public")
        func keys(_ files: [SourceFile]) -> [String?] {
            let (archive, _) = archive(files)
            let map = SiteMap(archive)
            let pageKeys = PageKeys(archive, map: map, setting: Fingerprint(), transcripts: files.map { file in
                var fingerprint = Fingerprint()
                fingerprint.add(file.text)
                return (path: file.path, fingerprint: fingerprint)
            })
            let memo = SessionMemo(output: output, keys: pageKeys, force: false)
            let plan = Planner.plan(archive, Summarizer.summarize(archive, map: map, about: nil), map: map, version: "test", memo: memo)
            return plan.deferred.filter { $0.path.hasPrefix("search/d-") }.map(\.key)
        }
        let counts = [150, 150, 150, 150]
        let before = keys(Self.transcripts(counts))
        #expect(before.count == 4 && before.dropLast().allSatisfy { $0 != nil })
        #expect(before.last! == nil)   // it holds the people, whose rows count the whole archive
        let lastEdited = keys(Self.transcripts(counts, edit: 3))
        // Session 4's documents start in chunk 2 (each session is 1 + 150 documents).
        #expect(Array(lastEdited.prefix(2)) == Array(before.prefix(2)) && lastEdited[2] != before[2])
        let firstGrew = keys(Self.transcripts([151, 150, 150, 150]))
        #expect(zip(firstGrew.dropLast(), before.dropLast()).allSatisfy { $0 != $1 })
        // Without a memo (tests, `confab check`) nothing is kept.
        #expect(plan(archive(Self.transcripts(counts)).0).deferred.allSatisfy { $0.key == nil })
        withExtendedLifetime(folder) {}
    }

    /// Three sessions whose documents cross chunk boundaries: every chunk row is the
    /// document it should be, and every term's postings list exactly the messages holding it.
    @Test func indexOfSeveralSessionsMatchesTheirMessages() throws {
        let words = ["rubric", "badge", "quest", "Mozilla", "open", "résumé", "日本語", "skills"]
        let files = [(1, 150), (2, 120), (3, 90)].map { day, count in
            var text = "#demo Archive\n\nMonday January \(day), 2024\n6:00 PM UTC\n\n"
            for m in 0..<count {
                let said = (0..<(1 + (m * 7 + day) % 5)).map { words[(m * 3 + $0 * 5 + day) % words.count] }.joined(separator: " ")
                text += "  • person\(m % 4) Jan \(day) @ 6:\(10 + m % 40) PM UTC\n    Q\(m % 3 + 1) \(said) \(day)x\(m)\n"
            }
            return SourceFile(path: "content/d\(day).txt", text: text)
        }
        let (archive, _) = archive(files)
        #expect(archive.messageCount == 360)
        let text = Dictionary(uniqueKeysWithValues: plan(archive).allFiles.filter { $0.path.hasPrefix("search/") }.map {
            ($0.path, String(decoding: $0.bytes, as: UTF8.self))
        })
        let meta = try #require(text["search/meta.js"])
        let count = Int(try #require(meta.firstMatch(of: /"count":(\d+)/)).1)!
        let sessions = try #require(meta.firstMatch(of: /"sessions":\[(.*)\],\n"sessionsEnd"/)).1
        let firstMessages = sessions.matches(of: /,(\d+),(\d+),\d+\]/).map { Int($0.2)! }
        #expect(firstMessages.count == 3)

        // Every row, in order, across chunk files.
        #expect(count > SearchIndex.chunkSize)
        var rows: [[String]] = []
        for chunk in 0..<(count + SearchIndex.chunkSize - 1) / SearchIndex.chunkSize {
            let script = try #require(text["search/d-\(chunk).js"])
            let json = script.dropFirst("Confab.docs(\(chunk),".count).dropLast(");\n".count)
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String]])
            #expect(decoded.count == min(SearchIndex.chunkSize, count - chunk * SearchIndex.chunkSize))
            rows += decoded
        }
        #expect(rows.count == count)
        var holding: [String: Set<Int>] = [:]
        for (s, session) in archive.sessions.enumerated() {
            for (m, message) in session.messages.enumerated() {
                let doc = firstMessages[s] + m
                #expect(rows[doc] == [message.text, message.time.clockText])
                for token in SearchText.tokens(message.text + " " + (message.author ?? "")) { holding[token, default: []].insert(doc) }
            }
        }
        // Postings, decoded as search.js does: gaps and weights.
        let messageDocs = Set(archive.sessions.indices.flatMap { s in (0..<archive.sessions[s].messages.count).map { firstMessages[s] + $0 } })
        var checked = 0
        for (path, script) in text where path.hasPrefix("search/t-") {
            for match in script.matches(of: /"([^"]+)":"([^"]*)"/) {
                let bytes = [UInt8](try #require(Data(base64Encoded: String(match.2))))
                var docs: [Int] = [], doc = 0, i = 0
                while i < bytes.count {
                    var gap = 0, shift = 0
                    while bytes[i] & 0x80 != 0 { gap |= Int(bytes[i] & 0x7F) << shift; shift += 7; i += 1 }
                    gap |= Int(bytes[i]) << shift
                    doc += gap
                    docs.append(doc)
                    #expect(bytes[i + 1] > 0)   // the weight byte
                    i += 2
                }
                let term = String(match.1)
                #expect(Set(docs).intersection(messageDocs) == holding[term] ?? [], "\(term)")
                checked += 1
            }
        }
        #expect(checked > holding.count / 2 && holding["日本"]?.isEmpty == false)

        // Each shard is in the file meta.js says, as search.js finds it: files hold meta's keys in order.
        let keys = try #require(meta.firstMatch(of: /"shards":\[([^\]]*)\],\n"files":\[([\d,]+)\]/))
        var shardKeys = keys.1.split(separator: ",")[...]
        for (n, count) in keys.2.split(separator: ",").enumerated() {
            let script = try #require(text["search/t-\(n).js"])
            #expect(script.matches(of: /Confab.shard\(("[^"]*")/).map { String($0.1) } == shardKeys.prefix(Int(count)!).map(String.init))
            shardKeys = shardKeys.dropFirst(Int(count)!)
        }
        #expect(shardKeys.isEmpty)
    }
}
