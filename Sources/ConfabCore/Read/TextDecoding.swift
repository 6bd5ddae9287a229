import Foundation

/// Bytes to text, never failing: UTF-8 (a BOM is ignored), with invalid bytes
/// replaced and reported; UTF-16 with its BOM (Windows tools write logs so); a file
/// with no UTF-8 at all is read as Windows-1252 (which ISO-8859-1 text reads the same
/// as); a binary file is refused with a diagnostic.
public enum TextDecoding {
    public static func decode(_ data: Data, path: String) -> (String?, [Diagnostic]) {
        var bytes = [UInt8](data)
        if hasUTF16Mark(bytes) { return utf16(bytes, path: path) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(0) {
            return (nil, [.warning(SourceLocation(file: path), "binary file (it contains NUL bytes); skipped")])
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, []) }

        let invalidLines = linesWithInvalidUTF8(bytes)
        // A Windows-1252 file can hold a byte pair that happens to be valid UTF-8
        // (`É’` is C9 92): the file is UTF-8 only if valid sequences outnumber broken ones.
        let (valid, invalid) = utf8Sequences(bytes)
        if valid <= invalid {
            return (windows1252(bytes), [.warning(SourceLocation(file: path, line: invalidLines.first),
                                                 "not UTF-8; read as Windows-1252 (Latin-1)")])
        }
        let more = invalidLines.count > 1 ? " (and \(invalidLines.count - 1) more lines)" : ""
        return (String(decoding: bytes, as: UTF8.self),
                [.warning(SourceLocation(file: path, line: invalidLines.first), "invalid UTF-8 bytes replaced with U+FFFD\(more)")])
    }

    /// A UTF-16 byte-order mark, little or big endian: such text holds NUL bytes and is still text.
    static func hasUTF16Mark(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
    }

    /// UTF-16 after its byte-order mark; unpaired surrogates are replaced and reported.
    static func utf16(_ bytes: [UInt8], path: String) -> (String?, [Diagnostic]) {
        let little = bytes[0] == 0xFF
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            units.append(little ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        if units.contains(0) {
            return (nil, [.warning(SourceLocation(file: path), "binary file (UTF-16 with NUL characters); skipped")])
        }
        if let text = String(validating: units, as: UTF16.self) { return (text, []) }
        return (String(decoding: units, as: UTF16.self), [.warning(SourceLocation(file: path), "invalid UTF-16 replaced with U+FFFD")])
    }

    static func linesWithInvalidUTF8(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            lines.append(index + 1)
        }
        return lines
    }

    /// How many well-formed multi-byte UTF-8 sequences, and how many bytes ≥ 0x80 outside them.
    static func utf8Sequences(_ bytes: [UInt8]) -> (valid: Int, invalid: Int) {
        var valid = 0, invalid = 0
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            guard lead >= 0x80 else { i += 1; continue }
            let length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0
            if length > 0, i + length <= bytes.count, String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return (valid, invalid)
    }

    /// Windows-1252, with its five unassigned bytes read as Latin-1.
    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
