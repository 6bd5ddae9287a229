import Foundation

/// Undoes mojibake: UTF-8 that an exporter decoded as Windows-1252, Windows-1250
/// or Latin-1 (`đź‘‹` for 👋, `Ã©` for é, `â€œ` for “). Real text in those
/// scripts often decodes as UTF-8 too (`ÓŁ` would become `ӣ`), so a run of
/// non-ASCII characters is repaired only when it looks like mojibake, exactly
/// one reading exists, and that reading is made of characters people write.
enum TextRepair {
    /// Windows-1250 and Latin-1 from Foundation; Windows-1252 is our own, because
    /// exporters keep its five unassigned bytes as U+0081… and Foundation will not.
    static let encodings: [String.Encoding] = [.windowsCP1250, .isoLatin1]

    static func repairMojibake(_ text: String) -> String {
        // Without a scalar that `looksLikeMojibake` looks for, no run is repaired (emoji alone are common).
        guard text.unicodeScalars.contains(where: { $0.value >= 0x80 && isMojibakeSign($0) }) else { return text }
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

    /// The run's UTF-8 reading, when it is mojibake with a single plausible reading.
    static func repairRun(_ run: String) -> String? {
        guard looksLikeMojibake(run) else { return nil }
        var candidates = [windows1252Bytes(run)]
        // Foundation's Windows-1250 encoder never returns on a run that ends in a zero-width
        // or other default-ignorable character (U+200B, U+FE0F, U+FEFF…) and drops one
        // elsewhere; none above U+00FF is in these code pages, so such a run has no reading.
        if !run.unicodeScalars.contains(where: { $0.value > 0xFF && $0.properties.isDefaultIgnorableCodePoint }) {
            candidates += encodings.map { run.data(using: $0, allowLossyConversion: false).map { [UInt8]($0) } }
        }
        var readings = Set<String>()
        for bytes in candidates {
            guard let bytes, let decoded = String(validating: bytes, as: UTF8.self), decoded != run,
                  decoded.unicodeScalars.allSatisfy(isPlausible)
            else { continue }
            readings.insert(decoded)
        }
        return readings.count == 1 ? readings.first : nil
    }

    /// UTF-8 read as a single-byte code page shows its continuation bytes as C1 controls or
    /// the code pages' punctuation (`‘ ‹ € ™`), or starts with `Ã`/`Â` (lead bytes C3/C2).
    static func looksLikeMojibake(_ run: String) -> Bool {
        guard run.unicodeScalars.count >= 2 else { return false }
        if let first = run.unicodeScalars.first, first == "Ã" || first == "Â" { return true }
        return run.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || codePagePunctuation.contains($0) }
    }

    /// A scalar without which `looksLikeMojibake` is false.
    static func isMojibakeSign(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "Ã" || scalar == "Â" || (0x80...0x9F).contains(scalar.value) || codePagePunctuation.contains(scalar)
    }

    static let codePagePunctuation = Set("€‚ƒ„…†‡ˆ‰‹‘’“”•–—˜™›¦¨¬¯´¸˘˙˝˛ˇ".unicodeScalars)

    /// Letters, punctuation, symbols and emoji of the scripts people chat in; not the
    /// phonetic, Latin Extended-B or rare blocks that accidental readings land in.
    static func isPlausible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00A0...0x017F, 0x0370...0x03FF, 0x0400...0x04FF, 0x0590...0x06FF, 0x0900...0x0DFF,
             0x2000...0x2BFF, 0x3000...0x9FFF, 0xAC00...0xD7AF, 0xFE00...0xFE0F, 0x1F000...0x1FAFF:
            true
        default:
            false
        }
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
