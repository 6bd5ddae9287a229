/// Every text that goes into HTML or XML goes through `HTML.escape`: template values,
/// linked message text, charts, the Atom feed and the sitemap.
public enum HTML {
    public static func escape(_ text: String) -> String {
        var text = text
        // Most text needs no change and is given back without a copy.
        guard text.withUTF8({ $0.contains(where: needsEscape) }) else { return text }
        var bytes: [UInt8] = []
        escape(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Bytes `escape` may change: the five, control characters, and the lead byte of U+FFFE/U+FFFF.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0xEF: true
        case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): false
        case 0..<0x20, 0x7F: true
        default: false
        }
    }

    /// Appends `text` to `output` with `& < > " '` replaced by references, and the
    /// control characters XML forbids (and HTML ignores) left out.
    public static func escape(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { escape(utf8: $0, into: &output) }
    }

    /// `escape` of text given as its UTF-8 bytes (a slice of a longer text).
    static func escape(utf8: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.reserveCapacity(output.count + utf8.count + 16)
        var start = 0
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            let replacement: StaticString
            switch byte {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            case UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
                continue
            case 0..<0x20, 0x7F: replacement = ""
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters.
            case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                index += 3
                start = index
                continue
            default:
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
            replacement.withUTF8Buffer { output.append(contentsOf: $0) }
            index += 1
            start = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
    }
}
