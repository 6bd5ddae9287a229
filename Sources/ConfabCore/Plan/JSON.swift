/// Every JSON string Confab writes — the search index's scripts and the data export —
/// goes through `JSON.string`. It is safe inside a `<script>` file too: `<`, `>` and
/// `&` are escaped, and U+2028 and U+2029, which end a line in older JavaScript.
enum JSON {
    static func string(_ text: String) -> String {
        var bytes: [UInt8] = []
        string(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func string(_ text: String, into result: inout [UInt8]) {
        var text = text
        // On UTF-8 bytes: what it escapes is ASCII, or U+2028 and U+2029 (E2 80 A8, E2 80 A9),
        // so other characters are copied whole.
        text.withUTF8 { bytes in
            result.reserveCapacity(result.count + bytes.count + 2)
            result.append(UInt8(ascii: "\""))
            func append(_ replacement: StaticString) { replacement.withUTF8Buffer { result.append(contentsOf: $0) } }
            func appendCode(_ value: UInt32) {
                append("\\u")
                for shift in stride(from: 12, through: 0, by: -4) { result.append(hexDigits[Int(value >> UInt32(shift)) & 0xF]) }
            }
            var start = 0   // bytes from here on are not yet in `result`
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                let length: Int
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"),
                     UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0..<0x20: length = 1
                case 0xE2 where bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9): length = 3
                default:
                    i += 1
                    continue
                }
                result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                switch byte {
                case UInt8(ascii: "\""): append("\\\"")
                case UInt8(ascii: "\\"): append("\\\\")
                case UInt8(ascii: "\n"): append("\\n")
                case UInt8(ascii: "\r"): append("\\r")
                case UInt8(ascii: "\t"): append("\\t")
                case 0xE2: appendCode(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029)
                default: appendCode(UInt32(byte))
                }
                i += length
                start = i
            }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
            result.append(UInt8(ascii: "\""))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes one object: fields appended in the order given, which callers keep sorted by key.
    struct Object {
        private(set) var bytes: [UInt8]
        private var first = true

        init() {
            bytes = [UInt8(ascii: "{")]
        }

        /// Continues `bytes`, taking the buffer over so appending never copies it;
        /// `close()` gives it back.
        init(continuing bytes: inout [UInt8]) {
            self.bytes = []
            swap(&self.bytes, &bytes)
            self.bytes.append(UInt8(ascii: "{"))
        }

        private mutating func key(_ key: StaticString) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: "\":".utf8)
        }

        mutating func field(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            JSON.string(value, into: &bytes)
        }

        mutating func field(_ name: StaticString, _ value: Int?) {
            guard let value else { return }
            key(name)
            bytes.append(contentsOf: String(value).utf8)
        }

        mutating func field(_ name: StaticString, _ value: Bool) {
            key(name)
            bytes.append(contentsOf: (value ? "true" : "false").utf8)
        }

        /// Nothing when nil: a flag the export writes only when it holds.
        mutating func field(_ name: StaticString, _ value: Bool?) {
            guard let value else { return }
            field(name, value)
        }

        /// An array whose elements `write` appends, or nothing when it is nil.
        mutating func field<Element>(_ name: StaticString, _ values: [Element]?, each write: (inout [UInt8], Element) -> Void) {
            guard let values else { return }
            field(name, values, write)
        }

        mutating func field(_ name: StaticString, _ values: [String]?) {
            guard let values else { return }
            field(name, values) { JSON.string($1, into: &$0) }
        }

        mutating func field(_ name: StaticString, _ values: [Int]) {
            field(name, values) { $0.append(contentsOf: String($1).utf8) }
        }

        /// An array whose elements `write` appends.
        mutating func field<Element>(_ name: StaticString, _ values: [Element], _ write: (inout [UInt8], Element) -> Void) {
            key(name)
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(&bytes, value)
            }
            bytes.append(UInt8(ascii: "]"))
        }

        /// A nested value `write` appends, or nothing when it is nil.
        mutating func field<Value>(_ name: StaticString, _ value: Value?, _ write: (inout [UInt8], Value) -> Void) {
            guard let value else { return }
            key(name)
            write(&bytes, value)
        }

        /// Opens an array whose elements the caller writes (after `take()`), then `endArray()`.
        mutating func beginArray(_ name: StaticString) {
            key(name)
            bytes.append(UInt8(ascii: "["))
        }

        mutating func endArray() {
            bytes.append(UInt8(ascii: "]"))
        }

        /// The bytes written so far, handed over; the object goes on writing after them.
        mutating func take() -> [UInt8] {
            defer { bytes = [] }
            return bytes
        }

        /// The finished object's bytes.
        mutating func close() -> [UInt8] {
            bytes.append(UInt8(ascii: "}"))
            return bytes
        }
    }
}
