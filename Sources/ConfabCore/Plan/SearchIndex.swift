import Foundation

/// Words for search, the same on both sides: the build indexes with this and
/// `search.js` folds queries the same way (NFKD, marks removed, lower case, ß → ss,
/// ς → σ, ı → i, runs of letters and digits). `#badgechat` and `@SenorG` are found
/// as `badgechat`, `senorg`. Chinese and Japanese are written without spaces, so
/// their runs are indexed as single characters and overlapping pairs (日本語 → 日,
/// 本, 語, 日本, 本語), which finds a word anywhere in a sentence; a query is cut
/// into pairs only (or one character alone), which the index always holds.
public enum SearchText {
    public static func tokens(_ text: String) -> [String] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiTokens(text) }
        var tokens: [String] = []
        var current = String.UnicodeScalarView(), ideographs: [Unicode.Scalar] = []
        func flush() {
            if !current.isEmpty { tokens.append(String(current)) }
            current = String.UnicodeScalarView()
            tokens += ideographs.map { String($0) }
            for pair in ideographs.indices.dropLast() {
                tokens.append(String(String.UnicodeScalarView([ideographs[pair], ideographs[pair + 1]])))
            }
            ideographs = []
        }
        for scalar in text.decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                if isIdeographic(scalar) {
                    if !current.isEmpty { tokens.append(String(current)); current = String.UnicodeScalarView() }
                    ideographs.append(scalar)
                    continue
                }
                if !ideographs.isEmpty { flush() }
                // Folded one scalar at a time, as search.js does after NFKD.
                switch scalar {
                case "ß": current.append(contentsOf: "ss".unicodeScalars)
                case "ς": current.append("σ")
                case "ı": current.append("i")
                default: current.append(scalar)
                }
            default:
                flush()
            }
        }
        flush()
        return tokens
    }

    /// The same tokens for ASCII text, which most messages are, without Unicode folding.
    static func asciiTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            default:
                if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
            }
        }
        if !current.isEmpty { tokens.append(String(decoding: current, as: UTF8.self)) }
        return tokens
    }

    /// Han, Hiragana and Katakana: the scripts written without spaces between words
    /// (the same ranges as `ideographic` in search.js).
    static func isIdeographic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }

    /// The shard a term lives in: its first `length` characters (fewer for shorter terms).
    public static func shardKey(_ term: String, length: Int = 3) -> String {
        String(term.unicodeScalars.prefix(length).map(Character.init))
    }

    /// Shard keys grow with the archive, so a small archive is a few files and a large
    /// one loads little per query.
    static func keyLength(postings: Int) -> Int {
        postings < 50_000 ? 1 : postings < 1_000_000 ? 2 : 3
    }

    /// Shards are packed, in key order, into files of about this many bytes: a query
    /// loads a few files, and a large archive is hundreds of files rather than thousands.
    static let fileSize = 32_768
}

/// The search index, emitted as JavaScript files a page loads with `<script>` tags,
/// which browsers allow from `file://` where they block `fetch`. Terms are sharded
/// by their first characters (one to three, by archive size), shards packed into files
/// of about `SearchText.fileSize` bytes, and documents stored in chunks, so a query loads
/// only what it needs. Postings carry a precomputed BM25 term weight.
///
/// Documents are numbered in order: each session, its questions and its messages, then
/// the people. Sessions are tokenized a batch at a time on every core, and each batch's
/// postings packed into the index at once, so the words of a large archive are never
/// all held as strings.
struct SearchIndex {
    static let chunkSize = 200
    static let k1 = 1.2, b = 0.75
    /// Enough of a long message for search.js to cut a snippet around the words found.
    static let storedTextLength = 1_000
    /// Sessions tokenized at a time before their postings join the index.
    static let batchSize = 64

    enum Kind: String { case message = "m", question = "q", session = "s", person = "p" }

    /// A document whose link, title and text the index stores: a session, a question, a
    /// person. A message's row is made from the message when the chunks are written.
    struct StoredDocument {
        var kind: Kind
        var url: String
        var title: String
        var text: String
    }

    struct Posting {
        var doc: Int32
        /// How often the term comes in the document.
        var tf: Int32
    }

    /// One session's documents, or the people's: the stored ones, then one per message.
    /// Made on any core; document numbers count from the part's first.
    struct Part {
        /// Nil for the people's part.
        var session: Int?
        var stored: [StoredDocument] = []
        var messages = 0
        /// Per document: how many words it has, and its participant's place in `personKeys` or -1.
        var lengths: [Int32] = []
        var people: [Int32] = []
        /// The participants the part's documents belong to, by key: they are numbered
        /// archive-wide when the part joins the index, so a part kept from the last build
        /// stays right when people join or leave elsewhere.
        var personKeys: [String] = []
        private var personNumbers: [String: Int32] = [:]

        init(session: Int?) { self.session = session }
        /// Per term, the documents holding it, in order.
        var postings: [String: [Posting]] = [:]

        mutating func add(_ document: StoredDocument, person: String?, tokens: [String]) {
            stored.append(document)
            add(person: person, tokens: tokens)
        }

        mutating func addMessage(person: String?, tokens: [String]) {
            messages += 1
            add(person: person, tokens: tokens)
        }

        private mutating func add(person: String?, tokens: [String]) {
            let doc = Int32(lengths.count)
            lengths.append(Int32(tokens.count))
            people.append(person.map { number($0) } ?? -1)
            for token in tokens { Self.count(doc, in: &postings[token, default: []]) }
        }

        /// The person's place in `personKeys`, given one if new.
        mutating func number(_ person: String) -> Int32 {
            if let number = personNumbers[person] { return number }
            personKeys.append(person)
            personNumbers[person] = Int32(personKeys.count - 1)
            return Int32(personKeys.count - 1)
        }

        private static func count(_ doc: Int32, in list: inout [Posting]) {
            if list.last?.doc == doc { list[list.count - 1].tf += 1 } else { list.append(Posting(doc: doc, tf: 1)) }
        }
    }

    /// A term's postings as the index holds them until the shards are written: for each
    /// document, the gap from the previous one and the term's count, as varints.
    struct TermPostings {
        var count = 0
        var last = 0
        var bytes: [UInt8] = []

        mutating func append(_ postings: [Posting], base: Int) {
            for posting in postings {
                let doc = base + Int(posting.doc)
                SearchIndex.appendVarint(doc - last, to: &bytes)
                SearchIndex.appendVarint(Int(posting.tf), to: &bytes)
                last = doc
                count += 1
            }
        }
    }

    /// The parts in document order, their postings and lengths moved into the fields below.
    private(set) var parts: [Part] = []
    /// Each part's first document.
    private(set) var bases: [Int] = []
    private(set) var terms: [String: TermPostings] = [:]
    /// Per document, in number order.
    private(set) var lengths: [Int32] = []
    private(set) var people: [Int32] = []
    /// Per session: the number of its own document, which its questions and messages follow,
    /// and of its first message's (message `mN` is that plus N − 1).
    private(set) var firstDocument: [Int] = []
    private(set) var firstMessage: [Int] = []
    /// The first person's document; every document before it belongs to a session.
    private(set) var firstPerson = 0

    init(_ context: PlanContext) {
        let sessions = Array(context.archive.sessions.indices)
        for start in stride(from: 0, to: sessions.count, by: Self.batchSize) {
            let batch = Array(sessions[start..<min(start + Self.batchSize, sessions.count)])
            let made = Parallel.map(batch) { s in context.memo.value(.search, session: s) { Self.part(session: s, context) } }
            for (s, var part) in zip(batch, made) {
                // A part kept from the last build may have had another session number then.
                part.session = s
                add(part, participants: context.participantIndex)
            }
        }
        firstPerson = lengths.count
        add(Self.peoplePart(context), participants: context.participantIndex)
    }

    private mutating func add(_ part: Part, participants: [String: Int]) {
        let base = lengths.count
        bases.append(base)
        if part.session != nil {
            firstDocument.append(base)
            firstMessage.append(base + part.stored.count)
        }
        for (term, postings) in part.postings { terms[term, default: TermPostings()].append(postings, base: base) }
        lengths += part.lengths
        let numbers = part.personKeys.map { Int32(participants[$0] ?? -1) }
        people += part.people.map { $0 < 0 ? -1 : numbers[Int($0)] }
        var kept = part
        (kept.postings, kept.lengths, kept.people, kept.personKeys) = ([:], [], [], [])
        parts.append(kept)
    }

    /// A session's documents: the session, its questions, its messages. Tokenizing is most
    /// of the index's work, and sessions need nothing from each other, so any core may do it.
    static func part(session s: Int, _ context: PlanContext) -> Part {
        let session = context.archive.sessions[s]
        let name = context.sessionName(s)
        var part = Part(session: s)
        part.add(StoredDocument(kind: .session, url: context.map.sessions[s], title: name,
                                text: session.questions.map { "Q\($0.number). \($0.text)" }.joined(separator: " · ")),
                 person: nil, tokens: SearchText.tokens(name + " " + session.title + " " + session.questions.map(\.text).joined(separator: " ")))
        for question in session.questions where !question.text.isEmpty {
            // A question belongs to whoever asked it, so the person filter finds it.
            let asker = question.messageID.flatMap { context.messageIndex[s][$0] }.flatMap { session.messages[$0].authorKey }
            part.add(StoredDocument(kind: .question, url: context.map.question(session: s, number: question.number),
                                    title: "Q\(question.number). \(question.text)", text: Wording.plural(question.answerIDs.count, "answer")),
                     person: asker, tokens: SearchText.tokens(question.text))
        }
        for message in session.messages where !message.isRemoved {
            let author = message.authorKey.map(context.handle)
            part.addMessage(person: message.authorKey,
                            tokens: SearchText.tokens(message.text + " " + (author ?? "")))
        }
        return part
    }

    static func peoplePart(_ context: PlanContext) -> Part {
        var part = Part(session: nil)
        for person in context.archive.participants {
            part.add(StoredDocument(kind: .person, url: context.map.people[person.key]!, title: person.handle,
                                    text: "\(Wording.plural(person.messageCount, "message")) in \(Wording.plural(person.sessionCount, "session"))"),
                     person: person.key, tokens: SearchText.tokens(person.handle))
        }
        return part
    }

    /// `search/meta.js`, and the term shards and document chunks, made when written.
    func files(_ context: PlanContext) -> (meta: OutputFile, deferred: [DeferredFile]) {
        let archive = context.archive
        let keyLength = SearchText.keyLength(postings: terms.values.reduce(0) { $0 + $1.count })
        // Terms sorted by shard key, then term; a shard per key, the base64 postings' size estimated.
        var shards: [(key: String, terms: [String])] = []
        for (key, term) in terms.keys.map({ (key: SearchText.shardKey($0, length: keyLength), term: $0) }).sorted(by: { ($0.key, $0.term) < ($1.key, $1.term) }) {
            if key == shards.last?.key { shards[shards.count - 1].terms.append(term) } else { shards.append((key, [term])) }
        }
        let average = Double(max(lengths.reduce(0) { $0 + Int($1) }, 1)) / Double(max(lengths.count, 1))
        let files = Self.packedFiles(shards.map { $0.terms.reduce(0) { $0 + $1.utf8.count + terms[$1]!.bytes.count * 4 / 3 + 4 } })
        var deferred = files.enumerated().map { n, range in
            let packed = shards[range]
            return DeferredFile(path: "search/t-\(n).js") {
                packed.reduce(into: []) { $0 += shard($1.key, terms: $1.terms, average: average) }
            }
        }
        deferred += stride(from: 0, to: lengths.count, by: Self.chunkSize).map { start in
            let range = start..<min(start + Self.chunkSize, lengths.count)
            return DeferredFile(path: "search/d-\(start / Self.chunkSize).js", key: chunkKey(range, context.memo)) {
                chunk(range, archive)
            }
        }

        // What filters and result outlines need before any chunk loads. A session's documents
        // are consecutive (the session, its questions, its messages), so a session's first
        // document number says which documents are its own; people's documents come last.
        let sessions = archive.sessions.enumerated().map { s, session in
            "[\(JSON.string(context.sessionName(s))),\(JSON.string(session.date.description)),\(archive.series.firstIndex { $0.key == session.series } ?? -1),"
                + "\(JSON.string(context.map.sessions[s])),\(firstDocument[s]),\(firstMessage[s]),\(context.platformOf[s])]"
        }
        let kinds = parts.map { $0.stored.map(\.kind.rawValue).joined() + String(repeating: Kind.message.rawValue, count: $0.messages) }.joined()
        let meta = """
        Confab.meta({"count":\(lengths.count),"chunk":\(Self.chunkSize),"keyLength":\(keyLength),
        "kinds":\(JSON.string(kinds)),
        "person":"\(Self.varints(people.map { Int($0) + 1 }))",
        "sessions":[\(sessions.joined(separator: ","))],
        "sessionsEnd":\(firstPerson),
        "series":[\(archive.series.map { JSON.string($0.name) }.joined(separator: ","))],
        "platforms":[\(context.platforms.map { JSON.string($0) }.joined(separator: ","))],
        "people":[\(archive.participants.map { JSON.string($0.handle) }.joined(separator: ","))],
        "shards":[\(shards.map { JSON.string($0.key) }.joined(separator: ","))],
        "files":[\(files.map { "\($0.count)" }.joined(separator: ","))]});

        """
        return (OutputFile(path: "search/meta.js", bytes: Data(meta.utf8)), deferred)
    }

    /// Consecutive shards grouped into files of about `SearchText.fileSize` bytes, given
    /// each shard's estimated size; a shard larger than that is a file of its own.
    static func packedFiles(_ sizes: [Int]) -> [Range<Int>] {
        var files: [Range<Int>] = [], start = 0, size = 0
        for (i, shardSize) in sizes.enumerated() {
            if i > start, size + shardSize > SearchText.fileSize {
                files.append(start..<i)
                (start, size) = (i, 0)
            }
            size += shardSize
        }
        if start < sizes.count { files.append(start..<sizes.count) }
        return files
    }

    /// One shard of a `search/t-N.js` file: each term's packed postings.
    private func shard(_ key: String, terms keys: [String], average: Double) -> [UInt8] {
        var bytes = Array("Confab.shard(\(JSON.string(key)),{".utf8)
        for (i, term) in keys.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            JSON.string(term, into: &bytes)
            bytes += Array(":\"\(Self.packed(terms[term]!, lengths: lengths, average: average))\"".utf8)
        }
        return bytes + Array("});\n".utf8)
    }

    /// The part document `doc` belongs to: the last that starts at or before it (parts start in order).
    private func part(holding doc: Int) -> Int {
        var low = 0, high = bases.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if bases[middle] <= doc { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// What chunk `range` is made from: the sessions whose documents it holds, and where
    /// each one's documents start. Nil when it holds people, whose rows count the whole archive.
    /// A change to a session keeps the chunks before it (their documents do not move).
    private func chunkKey(_ range: Range<Int>, _ memo: SessionMemo) -> String? {
        var key = Fingerprint()
        key.add("search chunk \(Self.chunkSize) \(range)")
        var part = part(holding: range.lowerBound)
        while part < parts.count, bases[part] < range.upperBound {
            guard let session = parts[part].session, let sessionKey = memo.key(session: session) else { return nil }
            key.add("\(bases[part]) \(sessionKey)")
            part += 1
        }
        return key.description
    }

    /// `search/d-N.js`: the rows of documents `range`. A message's row is its text and
    /// time; its link and author come from meta.js (see `outline` in search.js).
    private func chunk(_ range: Range<Int>, _ archive: Archive) -> [UInt8] {
        var bytes = Array("Confab.docs(\(range.lowerBound / Self.chunkSize),[".utf8)
        var part = part(holding: range.lowerBound)
        for doc in range {
            while part + 1 < bases.count, bases[part + 1] <= doc { part += 1 }
            if doc > range.lowerBound { bytes += Array(",\n".utf8) }
            bytes.append(UInt8(ascii: "["))
            let local = doc - bases[part], stored = parts[part].stored
            if local < stored.count {
                JSON.string(stored[local].url, into: &bytes)
                bytes.append(UInt8(ascii: ","))
                JSON.string(stored[local].title, into: &bytes)
                bytes.append(UInt8(ascii: ","))
                JSON.string(stored[local].text, into: &bytes)
            } else {
                let message = archive.sessions[parts[part].session!].messages[local - stored.count]
                // Most texts are short enough to be stored whole.
                JSON.string(message.text.utf8.count <= Self.storedTextLength ? message.text : String(message.text.prefix(Self.storedTextLength)), into: &bytes)
                bytes.append(UInt8(ascii: ","))
                JSON.string(message.timeIsWritten ? message.time.clockText : "", into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        return bytes + Array("]);\n".utf8)
    }

    /// Postings packed for quick loading: for each document, the gap from the previous
    /// document number as a varint, then its BM25 term weight scaled to one byte
    /// (255 = k1 + 1, the largest possible), all in base64. `lengths`: every document's.
    static func packed(_ postings: TermPostings, lengths: [Int32], average: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(postings.count * 3)
        var source = postings.bytes[...]
        var doc = 0
        while !source.isEmpty {
            let gap = readVarint(&source), tf = Double(readVarint(&source))
            doc += gap
            appendVarint(gap, to: &bytes)
            let length = Double(lengths[doc])
            let weight = tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average))
            bytes.append(UInt8(max(1, min(255, (weight / (k1 + 1) * 255).rounded()))))
        }
        return Data(bytes).base64EncodedString()
    }

    /// Non-negative numbers as base64 of varints (7 bits a byte, low bits first).
    static func varints(_ numbers: [Int]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(numbers.count * 2)
        for number in numbers { appendVarint(number, to: &bytes) }
        return Data(bytes).base64EncodedString()
    }

    static func appendVarint(_ number: Int, to bytes: inout [UInt8]) {
        var rest = number
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    static func readVarint(_ bytes: inout ArraySlice<UInt8>) -> Int {
        var value = 0, shift = 0
        while let byte = bytes.popFirst() {
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return value
    }
}
