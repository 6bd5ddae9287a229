/// Finds the hashtags, @mentions and URLs of a message, with their UTF-8 ranges,
/// so pages can link them without parsing text again.
enum TextEntities {
    /// Hashtags and mentions linked per message. Each gets a page that shows the whole
    /// message, so a spam message with thousands of them would cost their square in time
    /// and bytes; real messages have a handful.
    static let linkedPerKind = 50

    /// The entities, and how many hashtags and mentions beyond the limit stay plain text.
    static func extract(_ text: String) -> [TextEntity] { extractCounting(text).entities }

    static func extractCounting(_ text: String) -> (entities: [TextEntity], unlinked: Int) {
        let scalars = Array(text.unicodeScalars)
        // Each scalar's UTF-8 offset; in ASCII text, its index.
        let isASCII = text.utf8.count == scalars.count
        var offsets: [Int] = []
        if !isASCII {
            offsets.reserveCapacity(scalars.count + 1)
            var offset = 0
            for scalar in scalars {
                offsets.append(offset)
                offset += UTF8.width(scalar)
            }
            offsets.append(offset)
        }
        func utf8Range(_ start: Int, _ end: Int) -> Range<Int> { isASCII ? start..<end : offsets[start]..<offsets[end] }

        var entities: [TextEntity] = []
        var linked: [TextEntity.Kind: Int] = [:], unlinked = 0
        func add(_ found: TextEntity) {
            if found.kind != .url {
                guard linked[found.kind, default: 0] < linkedPerKind else { unlinked += 1; return }
                linked[found.kind, default: 0] += 1
            }
            entities.append(found)
        }
        var i = 0
        while i < scalars.count {
            // Only `h`, `#`, `＃` and `@` can open an entity: the rest need no look at the previous scalar.
            let scalar = scalars[i]
            guard scalar == "h" || scalar == "H" || scalar == "#" || scalar == "＃" || scalar == "@" else {
                i += 1
                continue
            }
            let previous: Unicode.Scalar? = i > 0 ? scalars[i - 1] : nil
            let atWordStart = previous.map { !isWordScalar($0) && $0 != "&" } ?? true
            if atWordStart, let end = urlEnd(scalars, from: i) {
                add(entity(.url, scalars, i, end, utf8Range(i, end), skip: 0))
                i = end
                continue
            }
            if atWordStart, scalars[i] == "#" || scalars[i] == "＃" {
                var end = i + 1
                while end < scalars.count, isWordScalar(scalars[end]) { end += 1 }
                // A tag needs a letter: `#1` is a number, not a tag.
                if end > i + 1, scalars[(i + 1)..<end].contains(where: { $0.properties.isAlphabetic }) {
                    add(entity(.hashtag, scalars, i, end, utf8Range(i, end), skip: 1))
                    i = end
                    continue
                }
            }
            if atWordStart, scalars[i] == "@" {
                var end = i + 1
                while end < scalars.count, end - i <= 50, isHandleScalar(scalars[end]) { end += 1 }
                if end > i + 1 {
                    add(entity(.mention, scalars, i, end, utf8Range(i, end), skip: 1))
                    i = end
                    continue
                }
            }
            i += 1
        }
        return (entities, unlinked)
    }

    static func entity(_ kind: TextEntity.Kind, _ scalars: [Unicode.Scalar], _ start: Int, _ end: Int,
                       _ range: Range<Int>, skip: Int) -> TextEntity {
        var value = String.UnicodeScalarView()
        value.append(contentsOf: scalars[(start + skip)..<end])
        return TextEntity(kind: kind, range: range, value: String(value))
    }

    /// End of an `http://` or `https://` URL starting at `start`, trailing punctuation excluded.
    static func urlEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        for prefix in schemes {
            guard start + prefix.count < scalars.count,
                  zip(scalars[start...], prefix).allSatisfy({ lowercasedEquals($0.0, $0.1) })
            else { continue }
            var end = start + prefix.count
            while end < scalars.count, !scalars[end].properties.isWhitespace, !"<>\"`".unicodeScalars.contains(scalars[end]) {
                end += 1
            }
            // Trailing punctuation ends the sentence, not the URL; a `)` stays when it
            // closes a `(` of the URL (Wikipedia links).
            var open = 0, close = 0
            for scalar in scalars[start..<end] { if scalar == "(" { open += 1 } else if scalar == ")" { close += 1 } }
            while end > start + prefix.count, ".,;:!?'\")]}…".unicodeScalars.contains(scalars[end - 1]) {
                if scalars[end - 1] == ")" {
                    if open >= close { break }
                    close -= 1
                }
                end -= 1
            }
            return end > start + prefix.count ? end : nil
        }
        return nil
    }

    static let schemes = [Array("https://".unicodeScalars), Array("http://".unicodeScalars)]

    /// An http(s) address with no character that could leave an attribute: the only links an
    /// export's markup may make (never `javascript:` or `data:`, nor `mailto:`, which publishes an address).
    static func isWebAddress(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        return !url.unicodeScalars.contains { $0.value < 0x21 || $0 == "\"" || $0 == "<" || $0 == ">" || $0 == "`" }
    }

    /// `scalar` lower-cased is `lower` (an ASCII scalar). Only `h` and `H` lower-case to `h`,
    /// and no scalar outside ASCII lower-cases to one of `https://` (only the Kelvin sign to `k`).
    static func lowercasedEquals(_ scalar: Unicode.Scalar, _ lower: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return String(scalar).lowercased() == String(lower) }
        let value = scalar.value
        return (value >= 0x41 && value <= 0x5A ? value + 0x20 : value) == lower.value
    }

    /// Letters, digits, `_` and combining marks, so `#café` written with a combining
    /// accent, or a Devanagari tag, is one word.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        // In ASCII those are exactly letters, digits and `_`; skip the property tables.
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x61 && value <= 0x7A) || value == 0x5F
        }
        if scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isHandleScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
    }
}
