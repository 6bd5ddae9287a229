import Foundation

/// Work done per session that the next build can take as it is when the session and
/// everything every page shares are unchanged (the session's key in `PageKeys`): its
/// recap, its part of the search index, its part of the data export. A stage asks
/// for a session's value with the way to make it; kept values live in
/// `.confab-cache/<output name>.parts/`, a file per session and kind. Without a
/// folder (tests, `confab check`) every value is simply made.
public struct SessionMemo: Sendable {
    /// The kinds of value kept, each a file name's suffix.
    enum Kind: String, CaseIterable {
        case recap, search, export
    }

    /// Written first in each file; another layout is a miss.
    static let format = "confab parts 5"

    private let folder: URL?
    /// Per session index, in archive order.
    private let keys: [String]
    /// `--force`: every value is made again, and kept anew.
    private let force: Bool

    /// Makes every value; keeps none.
    public static let none = SessionMemo(folder: nil, keys: [], force: false)

    private init(folder: URL?, keys: [String], force: Bool) {
        self.folder = folder
        self.keys = keys
        self.force = force
    }

    init(output: URL, keys: PageKeys, force: Bool) {
        self.init(folder: BuildCache.cacheURL(for: output, suffix: ".parts"), keys: keys.sessionKeys, force: force)
    }

    /// Session `s`'s value of this kind: the one kept, or `make()`'s, then kept.
    func value<Value: CacheCodable>(_ kind: Kind, session s: Int, make: () -> Value) -> Value {
        guard let folder else { return make() }
        let url = folder.appendingPathComponent("\(keys[s]).\(kind.rawValue)")
        if !force, let value = CacheFolder.load(Value.self, from: url, format: Self.format) { return value }
        let value = make()
        CacheFolder.store(value, at: url, format: Self.format)
        return value
    }

    /// Session `s`'s key, for files made from its values alone; nil when nothing is kept.
    func key(session s: Int) -> String? { folder == nil ? nil : keys[s] }

    /// Removes the values no session of this build has (sessions changed or gone) and
    /// any a killed build left half written.
    func prune() {
        guard let folder else { return }
        CacheFolder.prune(folder, keeping: Set(keys.flatMap { key in Kind.allCases.map { "\(key).\($0.rawValue)" } }))
    }
}

/// Bytes kept as they are.
struct CachedBytes: CacheCodable {
    var bytes: [UInt8]

    func encode(to writer: inout CacheWriter) {
        writer.writeVarint(UInt64(bytes.count))
        bytes.withUnsafeBufferPointer { writer.append($0) }
    }

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    init(from reader: inout CacheReader) throws { bytes = try reader.readBytes() }
}

extension Summary: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(markdown); writer.write(html) }
    init(from reader: inout CacheReader) throws { self.init(markdown: try reader.read(), html: try reader.read()) }
}

extension SearchIndex.Part: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(session)
        writer.write(stored.count)
        for document in stored {
            writer.write(document.kind); writer.write(document.url); writer.write(document.title); writer.write(document.text)
        }
        writer.write(messages)
        writer.write(lengths.map(Int.init)); writer.write(people.map(Int.init)); writer.write(personKeys)
        writer.write(postings.count)
        for term in postings.keys.sorted() {
            writer.write(term)
            let list = postings[term]!
            writer.write(list.count)
            for posting in list { writer.write(Int(posting.doc)); writer.write(Int(posting.tf)) }
        }
    }

    init(from reader: inout CacheReader) throws {
        self.init(session: try reader.read())
        for _ in 0..<(try Self.count(&reader)) {
            stored.append(SearchIndex.StoredDocument(kind: try reader.read(), url: try reader.read(), title: try reader.read(), text: try reader.read()))
        }
        messages = try reader.read()
        lengths = try (reader.read() as [Int]).map { try SearchIndex.int32($0) }
        people = try (reader.read() as [Int]).map { try SearchIndex.int32($0) }
        let keys: [String] = try reader.read()
        for key in keys { _ = number(key) }
        for _ in 0..<(try Self.count(&reader)) {
            let term: String = try reader.read()
            var list: [SearchIndex.Posting] = []
            for _ in 0..<(try Self.count(&reader)) {
                list.append(SearchIndex.Posting(doc: try SearchIndex.int32(try reader.read()), tf: try SearchIndex.int32(try reader.read())))
            }
            // Documents in order, within the part: `SearchIndex.add` counts on it.
            guard zip(list, list.dropFirst()).allSatisfy({ $0.doc < $1.doc }),
                  list.allSatisfy({ $0.doc >= 0 && Int($0.doc) < lengths.count && $0.tf > 0 }) else { throw CacheReader.Damaged() }
            postings[term] = list
        }
        guard people.count == lengths.count, lengths.count == stored.count + messages, personKeys == keys,
              people.allSatisfy({ $0 >= -1 && Int($0) < keys.count }) else { throw CacheReader.Damaged() }
    }

    /// A count written by `encode`: never negative.
    private static func count(_ reader: inout CacheReader) throws -> Int {
        let count: Int = try reader.read()
        guard count >= 0 else { throw CacheReader.Damaged() }
        return count
    }
}

extension SearchIndex.Kind: CacheCodable {}

extension SearchIndex {
    static func int32(_ value: Int) throws -> Int32 {
        guard let value = Int32(exactly: value) else { throw CacheReader.Damaged() }
        return value
    }
}
