/// HTML and XML built in Swift (linked message text, charts, the Atom feed and the
/// sitemap) go through `HTML.escape`; template values are escaped by Mustache with
/// the same five replacements.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var text = text
        // Works on UTF-8 bytes: every character it changes is ASCII, or U+FFFE and U+FFFF
        // (EF BF BE, EF BF BF), so multi-byte characters pass through whole.
        let escaped: String? = text.withUTF8 { bytes in
            var result: [UInt8] = []
            var changed = false
            var copied = 0   // bytes before this are in `result` already
            var i = 0
            func replace(_ length: Int, with replacement: StaticString) {
                if !changed { result.reserveCapacity(bytes.count + 16); changed = true }
                result.append(contentsOf: bytes[copied..<i])
                replacement.withUTF8Buffer { result.append(contentsOf: $0) }
                i += length
                copied = i
            }
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "&"): replace(1, with: "&amp;")
                case UInt8(ascii: "<"): replace(1, with: "&lt;")
                case UInt8(ascii: ">"): replace(1, with: "&gt;")
                case UInt8(ascii: "\""): replace(1, with: "&quot;")
                case UInt8(ascii: "'"): replace(1, with: "&#39;")
                // Control characters are not allowed in XML and mean nothing in HTML.
                case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): i += 1
                case 0..<0x20, 0x7F: replace(1, with: "")
                case 0xEF where bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE: replace(3, with: "")
                default: i += 1
                }
            }
            guard changed else { return nil }
            result.append(contentsOf: bytes[copied...])
            return String(decoding: result, as: UTF8.self)
        }
        // Most text needs no change and is given back without a copy.
        return escaped ?? text
    }
}
