import Foundation

/// Undoes mojibake: UTF-8 that an exporter decoded as Windows-1252, Windows-1250
/// or Latin-1 (`đź‘‹` for 👋, `Ã©` for é). A run of non-ASCII characters is
/// repaired only when encoding it back gives valid UTF-8 and every reading that
/// does agrees, so ordinary accented text is left alone.
enum TextRepair {
    /// Windows-1250 and Latin-1 from Foundation; Windows-1252 is our own, because
    /// exporters keep its five unassigned bytes as U+0081… and Foundation will not.
    static let encodings: [String.Encoding] = [.windowsCP1250, .isoLatin1]

    static func repairMojibake(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0xC2 }) else { return text }
        var result = ""
        var run = ""
        func flush() {
            if !run.isEmpty { result += repairRun(run) ?? run }
            run = ""
        }
        for character in text {
            if character.isASCII { flush(); result.append(character) } else { run.append(character) }
        }
        flush()
        return result
    }

    /// The run's UTF-8 reading, when exactly one exists.
    static func repairRun(_ run: String) -> String? {
        var candidates = [windows1252Bytes(run)]
        candidates += encodings.map { run.data(using: $0, allowLossyConversion: false).map { [UInt8]($0) } }
        var readings = Set<String>()
        for bytes in candidates {
            guard let bytes, let decoded = String(validating: bytes, as: UTF8.self), decoded != run else { continue }
            readings.insert(decoded)
        }
        return readings.count == 1 ? readings.first : nil
    }

    static let windows1252Byte: [UInt32: UInt8] = Dictionary(uniqueKeysWithValues:
        TextDecoding.windows1252High.enumerated().map { ($0.element, UInt8(0x80 + $0.offset)) })

    /// The run's bytes in Windows-1252, or nil when a character has none.
    static func windows1252Bytes(_ run: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        for scalar in run.unicodeScalars {
            if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) {
                bytes.append(UInt8(scalar.value))
            } else if let byte = windows1252Byte[scalar.value] {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return bytes
    }
}
