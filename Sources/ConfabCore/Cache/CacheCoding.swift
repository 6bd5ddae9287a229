import Foundation

/// A compact binary form for what the build cache keeps between builds (normalized
/// sessions): varints and UTF-8, written and read field by field in declaration order.
/// Far quicker to read back than JSON, and a reader that finds anything amiss throws,
/// so a damaged entry is only a cache miss.
protocol CacheCodable {
    func encode(to writer: inout CacheWriter)
    init(from reader: inout CacheReader) throws
}

struct CacheWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<Value: CacheCodable>(_ value: Value) { value.encode(to: &self) }

    mutating func writeVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
}

struct CacheReader {
    struct Damaged: Error {}

    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }
    /// How many bytes have been read.
    var offset: Int { position }

    mutating func read<Value: CacheCodable>() throws -> Value { try Value(from: &self) }

    mutating func readVarint() throws -> UInt64 {
        var value: UInt64 = 0, shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        throw Damaged()
    }

    mutating func readBytes() throws -> [UInt8] { Array(bytes[try readLength()]) }

    mutating func readString() throws -> String {
        let range = try readLength()
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// A length, then that many bytes: where they are, read past.
    private mutating func readLength() throws -> Range<Int> {
        guard let count = Int(exactly: try readVarint()), count <= bytes.count - position else { throw Damaged() }
        defer { position += count }
        return position..<position + count
    }
}

extension Int: CacheCodable {
    // Zigzag, so small negative numbers stay small.
    func encode(to writer: inout CacheWriter) { writer.writeVarint(UInt64(bitPattern: Int64((self << 1) ^ (self >> 63)))) }
    init(from reader: inout CacheReader) throws {
        let raw = try reader.readVarint()
        self = Int(Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1))
    }
}

extension UInt64: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.writeVarint(self) }
    init(from reader: inout CacheReader) throws { self = try reader.readVarint() }
}

extension Bool: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.writeVarint(self ? 1 : 0) }
    init(from reader: inout CacheReader) throws {
        switch try reader.readVarint() {
        case 0: self = false
        case 1: self = true
        default: throw CacheReader.Damaged()
        }
    }
}

extension String: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        var text = self
        text.withUTF8 { utf8 in
            writer.writeVarint(UInt64(utf8.count))
            writer.append(utf8)
        }
    }
    init(from reader: inout CacheReader) throws { self = try reader.readString() }
}

extension Date: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(timeIntervalSinceReferenceDate.bitPattern) }
    init(from reader: inout CacheReader) throws { self.init(timeIntervalSinceReferenceDate: Double(bitPattern: try reader.read())) }
}

extension Optional: CacheCodable where Wrapped: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(self != nil)
        if let self { writer.write(self) }
    }
    init(from reader: inout CacheReader) throws {
        let present: Bool = try reader.read()
        self = present ? .some(try reader.read()) : nil
    }
}

extension Array: CacheCodable where Element: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(count)
        for element in self { writer.write(element) }
    }
    init(from reader: inout CacheReader) throws {
        let count: Int = try reader.read()
        guard count >= 0 else { throw CacheReader.Damaged() }
        self = []
        reserveCapacity(Swift.min(count, 1 << 16))
        for _ in 0..<count { append(try reader.read()) }
    }
}

/// Sorted by key, so the same dictionary always has the same bytes.
extension Dictionary: CacheCodable where Key: CacheCodable & Comparable, Value: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(count)
        for key in keys.sorted() {
            writer.write(key)
            writer.write(self[key]!)
        }
    }
    init(from reader: inout CacheReader) throws {
        let count: Int = try reader.read()
        guard count >= 0 else { throw CacheReader.Damaged() }
        self = [:]
        for _ in 0..<count { self[try reader.read()] = try reader.read() as Value }
    }
}

/// Enumerations stored by their raw names.
extension CacheCodable where Self: RawRepresentable, RawValue == String {
    func encode(to writer: inout CacheWriter) { writer.write(rawValue) }
    init(from reader: inout CacheReader) throws {
        guard let value = Self(rawValue: try reader.read()) else { throw CacheReader.Damaged() }
        self = value
    }
}

/// The files of a cache folder, written so that a killed build never leaves half an
/// entry under a real name, and pruned to what a build used. Each entry starts with the
/// digest of its name and its bytes: an entry damaged, cut short, or copied or renamed
/// to another entry's name is a miss, never another entry's value.
enum CacheFolder {
    /// The value `store` kept at `url` in this format, if its entry is intact.
    static func load<Value: CacheCodable>(_ type: Value.Type, from url: URL, format: String) -> Value? {
        guard var reader = load(url), let written = try? reader.read() as String, written == format,
              let value = try? Value(from: &reader), reader.isAtEnd else { return nil }
        return value
    }

    /// A reader of what `store` kept at `url`, past the digest, if the bytes are still
    /// exactly those, under that name.
    private static func load(_ url: URL) -> CacheReader? {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let read = SiteWriter.readSome(descriptor, into: buffer.baseAddress! + count, count: size - count)
                guard read > 0 else { complete = false; break }
                count += read
            }
        }
        guard complete else { return nil }
        var reader = CacheReader(bytes)
        guard let digest = try? Fingerprint(from: &reader),
              digest == bytes.withUnsafeBufferPointer({ Self.digest(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[reader.offset...])), name: url.lastPathComponent) })
        else { return nil }
        return reader
    }

    static func digest(_ bytes: UnsafeRawBufferPointer, name: String) -> Fingerprint {
        var digest = Fingerprint()
        digest.add(name)
        digest.add(bytes)
        return digest
    }

    /// Keeps `value` at `url`, after its format's name and the digest.
    static func store<Value: CacheCodable>(_ value: Value, at url: URL, format: String) {
        var payload = CacheWriter()
        payload.write(format)
        payload.write(value)
        var writer = CacheWriter()
        writer.write(payload.bytes.withUnsafeBytes { digest($0, name: url.lastPathComponent) })
        payload.bytes.withUnsafeBufferPointer { writer.append($0) }
        let bytes = writer.bytes
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(url.lastPathComponent + ".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let written = bytes.withUnsafeBytes { buffer in
            (try? SiteWriter.writeFile(buffer, to: temporary.path)) != nil
        }
        if !written || rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }

    static func removeTemporaries(of url: URL) {
        let folder = url.deletingLastPathComponent()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasPrefix(url.lastPathComponent + ".tmp-") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    static func prune(_ folder: URL, keeping names: Set<String>) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where !names.contains(name) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }
}

// MARK: The normalized model

extension SourceFormat: CacheCodable {}
extension MessageLabel.Kind: CacheCodable {}
extension TextEntity.Kind: CacheCodable {}
extension TextStyle.Kind: CacheCodable {}
extension Diagnostic.Severity: CacheCodable {}
extension RemoteAccess: CacheCodable {}

extension Session: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(series); writer.write(hashtag); writer.write(title); writer.write(description)
        writer.write(date); writer.write(start); writer.write(startInstant)
        writer.write(messages); writer.write(questions); writer.write(authors)
        writer.write(roles); writer.write(mentioned); writer.write(source); writer.write(format)
        writer.write(channel); writer.write(threads); writer.write(events); writer.write(otherNames)
        writer.write(reading); writer.write(isMeeting); writer.write(privacyRemoved)
    }
    init(from reader: inout CacheReader) throws {
        self.init(series: try reader.read(), hashtag: try reader.read(), title: try reader.read(), description: try reader.read(),
                  date: try reader.read(), start: try reader.read(), startInstant: try reader.read(),
                  messages: try reader.read(), questions: try reader.read(), authors: try reader.read(),
                  roles: try reader.read(), mentioned: try reader.read(), source: try reader.read(), format: try reader.read(),
                  channel: try reader.read(), threads: try reader.read(), events: try reader.read(), otherNames: try reader.read(),
                  reading: try reader.read(), isMeeting: try reader.read())
        privacyRemoved = try reader.read()
    }
}

extension Message: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(id); writer.write(author); writer.write(role); writer.write(time); writer.write(instant)
        writer.write(timeIsWritten); writer.write(text); writer.write(label); writer.write(entities)
        writer.write(replyTo); writer.write(inReplyToID); writer.write(quotedIDs); writer.write(repostLines)
        writer.write(knownOnlyFromQuote); writer.write(line)
        writer.write(authorID); writer.write(nativeID); writer.write(threadRootID); writer.write(isAction)
        writer.write(reactions); writer.write(attachments); writer.write(isEdited); writer.write(isPinned)
        writer.write(isBot); writer.write(forwardedFrom); writer.write(replyLink); writer.write(styles); writer.write(isRemoved)
    }
    init(from reader: inout CacheReader) throws {
        self.init(id: try reader.read(), author: try reader.read(), role: try reader.read(), time: try reader.read(),
                  instant: try reader.read(), timeIsWritten: try reader.read(), text: try reader.read(), label: try reader.read(),
                  entities: try reader.read(), replyTo: try reader.read(), inReplyToID: try reader.read(),
                  quotedIDs: try reader.read(), repostLines: try reader.read(), knownOnlyFromQuote: try reader.read(),
                  line: try reader.read(), authorID: try reader.read(), nativeID: try reader.read(),
                  threadRootID: try reader.read(), isAction: try reader.read(), reactions: try reader.read(),
                  attachments: try reader.read(), isEdited: try reader.read(), isPinned: try reader.read(),
                  isBot: try reader.read(), forwardedFrom: try reader.read(), replyLink: try reader.read())
        styles = try reader.read()
        isRemoved = try reader.read()
    }
}

extension LocalDate: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(year); writer.write(month); writer.write(day) }
    init(from reader: inout CacheReader) throws { self.init(year: try reader.read(), month: try reader.read(), day: try reader.read()) }
}

extension LocalTime: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(minutes); writer.write(zone) }
    init(from reader: inout CacheReader) throws { self.init(minutes: try reader.read(), zone: try reader.read()) }
}

extension MessageLabel: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(kind); writer.write(number); writer.write(raw) }
    init(from reader: inout CacheReader) throws { self.init(kind: try reader.read(), number: try reader.read(), raw: try reader.read()) }
}

extension TextEntity: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(kind); writer.write(range.lowerBound); writer.write(range.count); writer.write(value)
    }
    init(from reader: inout CacheReader) throws {
        let kind: Kind = try reader.read(), start: Int = try reader.read(), count: Int = try reader.read()
        guard start >= 0, count >= 0, start <= Int.max - count else { throw CacheReader.Damaged() }
        self.init(kind: kind, range: start..<start + count, value: try reader.read())
    }
}

extension TextStyle: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(kind); writer.write(range.lowerBound); writer.write(range.count) }
    init(from reader: inout CacheReader) throws {
        let kind: Kind = try reader.read(), start: Int = try reader.read(), count: Int = try reader.read()
        guard start >= 0, count >= 0, start <= Int.max - count else { throw CacheReader.Damaged() }
        self.init(kind, range: start..<start + count)
    }
}

extension Question: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(number); writer.write(messageID); writer.write(text); writer.write(answerIDs); writer.write(replyIDs)
    }
    init(from reader: inout CacheReader) throws {
        self.init(number: try reader.read(), messageID: try reader.read(), text: try reader.read(),
                  answerIDs: try reader.read(), replyIDs: try reader.read())
    }
}

extension AuthorCount: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(key); writer.write(count) }
    init(from reader: inout CacheReader) throws { self.init(key: try reader.read(), count: try reader.read()) }
}

extension SourceLocation: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(file); writer.write(line) }
    init(from reader: inout CacheReader) throws { self.init(file: try reader.read(), line: try reader.read()) }
}

extension Diagnostic: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(severity); writer.write(location); writer.write(message) }
    init(from reader: inout CacheReader) throws { self.init(try reader.read(), try reader.read(), try reader.read()) }
}

extension BuiltSession: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(sessions); writer.write(diagnostics); writer.write(privacyUsed.sorted()) }
    init(from reader: inout CacheReader) throws {
        self.init(sessions: try reader.read(), diagnostics: try reader.read(), privacyUsed: Set(try reader.read() as [String]))
    }
}

extension PersonID: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(platform); writer.write(native) }
    init(from reader: inout CacheReader) throws { self.init(platform: try reader.read(), native: try reader.read()) }
}

extension Reaction: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(emoji); writer.write(count); writer.write(people) }
    init(from reader: inout CacheReader) throws { self.init(emoji: try reader.read(), count: try reader.read(), people: try reader.read()) }
}

extension Attachment: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(name); writer.write(type); writer.write(size); writer.write(path); writer.write(url); writer.write(access)
    }
    init(from reader: inout CacheReader) throws {
        self.init(name: try reader.read(), type: try reader.read(), size: try reader.read(), path: try reader.read(),
                  url: try reader.read(), access: try reader.read())
    }
}

extension ChatThread: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(rootID); writer.write(replyIDs) }
    init(from reader: inout CacheReader) throws { self.init(rootID: try reader.read(), replyIDs: try reader.read()) }
}

extension SystemEvent: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(time); writer.write(instant); writer.write(personKey); writer.write(text); writer.write(beforeID)
        writer.write(link)
    }
    init(from reader: inout CacheReader) throws {
        self.init(time: try reader.read(), instant: try reader.read(), personKey: try reader.read(), text: try reader.read(),
                  beforeID: try reader.read(), link: try reader.read())
    }
}

extension Channel: CacheCodable {
    func encode(to writer: inout CacheWriter) {
        writer.write(platform); writer.write(workspace); writer.write(name); writer.write(topic); writer.write(id)
    }
    init(from reader: inout CacheReader) throws {
        self.init(platform: try reader.read(), workspace: try reader.read(), name: try reader.read(), topic: try reader.read(),
                  id: try reader.read())
    }
}

extension MessageLink: CacheCodable {
    func encode(to writer: inout CacheWriter) { writer.write(series); writer.write(sessionStart); writer.write(id) }
    init(from reader: inout CacheReader) throws { self.init(series: try reader.read(), sessionStart: try reader.read(), id: try reader.read()) }
}
