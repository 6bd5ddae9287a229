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

    /// A file name for a shard key: itself when plain ASCII, else its code points in hex.
    public static func shardFile(_ key: String) -> String {
        let plain = key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return "search/t-" + (plain ? key : "u" + key.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: "-")) + ".js"
    }
}

/// The search index, emitted as JavaScript files a page loads with `<script>` tags,
/// which browsers allow from `file://` where they block `fetch`. Terms are sharded
/// by their first characters (one to three, by archive size) and documents stored in chunks, so a query loads
/// only what it needs. Postings carry a precomputed BM25 term weight.
struct SearchIndex {
    static let chunkSize = 50
    static let k1 = 1.2, b = 0.75
    /// Enough of a long message for search.js to cut a snippet around the words found.
    static let storedTextLength = 1_000

    enum Kind: String { case message = "m", question = "q", session = "s", person = "p" }

    struct Document {
        var kind: Kind
        var url: String
        var title: String
        var text: String
        /// Participant index, or -1.
        var person: Int
        var time: String
        /// How many words it has, and how often each comes: counted where the document is made.
        var length: Int
        /// A list, not the dictionary it is counted in: a large archive holds a million of them.
        var termCounts: [(term: String, count: Int)]

        init(kind: Kind, url: String, title: String, text: String, person: Int, time: String, tokens: [String]) {
            (self.kind, self.url, self.title, self.text, self.person, self.time) = (kind, url, title, text, person, time)
            length = tokens.count
            var counts: [String: Int] = [:]
            for token in tokens { counts[token, default: 0] += 1 }
            termCounts = counts.map { ($0.key, $0.value) }
        }
    }

    var documents: [Document] = []
    /// Per session, the number of its own document, which its questions and messages follow.
    var firstDocument: [Int] = []
    /// Per session, the number of its first message's document: message `mN` is that plus N − 1.
    var firstMessage: [Int] = []
    /// The first person's document; every document before it belongs to a session.
    var firstPerson = 0

    /// `sessions`: each session's documents, from `documents(session:_:)`.
    init(_ context: PlanContext, sessions: [[Document]]) {
        for own in sessions {
            firstDocument.append(documents.count)
            // The session's own document and its questions' come before its messages.
            firstMessage.append(documents.count + (own.firstIndex { $0.kind == .message } ?? own.count))
            documents += own
        }
        firstPerson = documents.count
        for (p, person) in context.archive.participants.enumerated() {
            documents.append(Document(kind: .person, url: context.map.people[person.key]!, title: person.handle,
                                      text: "\(Wording.plural(person.messageCount, "message")) in \(Wording.plural(person.sessionCount, "session"))", person: p, time: "", tokens: SearchText.tokens(person.handle)))
        }
    }

    /// A session's documents: the session, its questions, its messages. Tokenizing is most
    /// of the index's work, and sessions need nothing from each other, so any core may do it.
    static func documents(session s: Int, _ context: PlanContext) -> [Document] {
        let session = context.archive.sessions[s]
        let personIndex = context.participantIndex
        let name = context.sessionName(s)
        var documents = [Document(kind: .session, url: context.map.sessions[s], title: name,
                                  text: session.questions.map { "Q\($0.number). \($0.text)" }.joined(separator: " · "), person: -1, time: "",
                                  tokens: SearchText.tokens(name + " " + session.title + " " + session.questions.map(\.text).joined(separator: " ")))]
        for question in session.questions where !question.text.isEmpty {
            // A question belongs to whoever asked it, so the person filter finds it.
            let asker = question.messageID.flatMap { context.messageIndex[s][$0] }.flatMap { session.messages[$0].authorKey }
            documents.append(Document(kind: .question, url: context.map.question(session: s, number: question.number),
                                      title: "Q\(question.number). \(question.text)", text: Wording.plural(question.answerIDs.count, "answer"), person: asker.flatMap { personIndex[$0] } ?? -1, time: "",
                                      tokens: SearchText.tokens(question.text)))
        }
        for message in session.messages {
            let author = message.authorKey.map(context.handle)
            // No link or title: search.js makes a message's from meta.js. Most texts are
            // short enough to share the message's own string rather than copy it.
            documents.append(Document(
                kind: .message, url: "", title: "",
                text: message.text.utf8.count <= storedTextLength ? message.text : String(message.text.prefix(storedTextLength)),
                person: message.authorKey.flatMap { personIndex[$0] } ?? -1,
                time: message.timeIsWritten ? message.time.clockText : "",
                tokens: SearchText.tokens(message.text + " " + (author ?? ""))))
        }
        return documents
    }

    /// `search/meta.js`, the term shards and the document chunks.
    func files(_ context: PlanContext) -> [OutputFile] {
        let archive = context.archive
        var postings: [String: [(doc: Int32, tf: Int32)]] = [:]
        var totalLength = 0
        for (d, document) in documents.enumerated() {
            totalLength += document.length
            for (term, tf) in document.termCounts { postings[term, default: []].append((Int32(d), Int32(tf))) }
        }
        let average = Double(max(totalLength, 1)) / Double(max(documents.count, 1))

        let keyLength = SearchText.keyLength(postings: postings.values.reduce(0) { $0 + $1.count })
        // Terms sorted by shard key, then term: each shard is written straight into its
        // bytes, and each term's postings let go once packed.
        var files: [OutputFile] = []
        var shardKeys: [String] = []
        var shard: [UInt8] = []
        func finishShard() {
            guard let key = shardKeys.last else { return }
            shard += Array("});\n".utf8)
            files.append(OutputFile(path: SearchText.shardFile(key), bytes: Data(shard)))
            shard = []
        }
        let terms = postings.keys.map { (key: SearchText.shardKey($0, length: keyLength), term: $0) }.sorted { ($0.key, $0.term) < ($1.key, $1.term) }
        for (key, term) in terms {
            if key != shardKeys.last {
                finishShard()
                shardKeys.append(key)
                shard = Array("Confab.shard(\(JSON.string(key)),{".utf8)
            } else {
                shard.append(UInt8(ascii: ","))
            }
            shard += Array("\(JSON.string(term)):\"\(Self.packed(postings[term]!, documents: documents, average: average))\"".utf8)
            postings[term] = nil
        }
        finishShard()
        for start in stride(from: 0, to: documents.count, by: Self.chunkSize) {
            let rows = documents[start..<min(start + Self.chunkSize, documents.count)].map { document in
                // A message's link and author come from meta.js (see `outline` in search.js).
                document.kind == .message ? "[\(JSON.string(document.text)),\(JSON.string(document.time))]"
                    : "[\(JSON.string(document.url)),\(JSON.string(document.title)),\(JSON.string(document.text))]"
            }
            let body = "Confab.docs(\(start / Self.chunkSize),[\(rows.joined(separator: ",\n"))]);\n"
            files.append(OutputFile(path: "search/d-\(start / Self.chunkSize).js", bytes: Data(body.utf8)))
        }

        // What filters and result outlines need before any chunk loads. A session's documents
        // are consecutive (the session, its questions, its messages), so a session's first
        // document number says which documents are its own; people's documents come last.
        let sessions = archive.sessions.enumerated().map { s, session in
            "[\(JSON.string(context.sessionName(s))),\(JSON.string(session.date.description)),\(archive.series.firstIndex { $0.key == session.series } ?? -1),"
                + "\(JSON.string(context.map.sessions[s])),\(firstDocument[s]),\(firstMessage[s])]"
        }
        let meta = """
        Confab.meta({"count":\(documents.count),"chunk":\(Self.chunkSize),"keyLength":\(keyLength),
        "kinds":\(JSON.string(documents.map(\.kind.rawValue).joined())),
        "person":"\(Self.varints(documents.map { $0.person + 1 }))",
        "sessions":[\(sessions.joined(separator: ","))],
        "sessionsEnd":\(firstPerson),
        "series":[\(archive.series.map { JSON.string($0.name) }.joined(separator: ","))],
        "people":[\(archive.participants.map { JSON.string($0.handle) }.joined(separator: ","))],
        "shards":[\(shardKeys.map { JSON.string($0) }.joined(separator: ","))]});

        """
        files.append(OutputFile(path: "search/meta.js", bytes: Data(meta.utf8)))
        return files
    }

    /// Postings packed for quick loading: for each document, the gap from the previous
    /// document number as a varint, then its BM25 term weight scaled to one byte
    /// (255 = k1 + 1, the largest possible), all in base64.
    static func packed(_ postings: [(doc: Int32, tf: Int32)], documents: [Document], average: Double) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(postings.count * 3)
        var previous = 0
        for posting in postings.sorted(by: { $0.doc < $1.doc }) {
            appendVarint(Int(posting.doc) - previous, to: &bytes)
            previous = Int(posting.doc)
            let length = Double(documents[Int(posting.doc)].length), tf = Double(posting.tf)
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
}
