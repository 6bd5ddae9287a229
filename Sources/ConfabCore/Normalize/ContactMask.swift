/// E-mail addresses and phone numbers in a message's text, found so they can be masked
/// (`jane@example.org` → `j…@…`, `+49 170 1234567` → `+…67`). Scanned by hand over the
/// UTF-8 bytes: it runs on every message of every build, and a number is a phone
/// number only in the layouts people write them in, never a date, a time or an id.
enum ContactMask {
    /// Each address or number, with the text that replaces it.
    static func edits(_ text: String) -> [TextEdit] {
        let bytes = Array(text.utf8)
        var edits: [TextEdit] = []
        if bytes.contains(UInt8(ascii: "@")) { edits += emails(bytes) }
        var digits = 0
        for byte in bytes where isDigit(byte) {
            digits += 1
            if digits >= 8 { break }
        }
        if digits >= 8 { edits += phones(bytes).filter { phone in !edits.contains { $0.range.overlaps(phone.range) } } }
        return edits
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isLocal(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || Array("._%+-'".utf8).contains(byte) }
    static func isDomain(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") }

    /// `local@domain.tld`: the local part's first character is kept.
    static func emails(_ bytes: [UInt8]) -> [TextEdit] {
        var edits: [TextEdit] = [], index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "@") else { continue }
            var start = index
            while start > 0, isLocal(bytes[start - 1]) { start -= 1 }
            while start < index, bytes[start] == UInt8(ascii: ".") { start += 1 }
            var end = index + 1
            while end < bytes.count, isDomain(bytes[end]) { end += 1 }
            while end > index + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
            let domain = bytes[(index + 1)..<end]
            guard start < index, let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > index + 1,
                  end - dot - 1 >= 2, bytes[(dot + 1)..<end].allSatisfy(isLetter) else { continue }
            edits.append(TextEdit(start..<end, String(decoding: [bytes[start]], as: UTF8.self) + "…@…"))
            index = end - 1
        }
        return edits
    }

    /// Numbers written as phone numbers: `+` and 8 to 15 digits in groups; or without
    /// it, the North American `(555) 123-4567` and the national `0170 1234567` layouts.
    static func phones(_ bytes: [UInt8]) -> [TextEdit] {
        var edits: [TextEdit] = [], index = 0
        let separators = Array(" -./()".utf8)
        while index < bytes.count {
            let byte = bytes[index]
            let opens = byte == UInt8(ascii: "+") || byte == UInt8(ascii: "(") || isDigit(byte)
            let previous = index > 0 ? bytes[index - 1] : 0x20
            guard opens, !isLetter(previous), !isDigit(previous), previous != UInt8(ascii: "."), previous != UInt8(ascii: "/"),
                  previous != UInt8(ascii: "-"), previous >= 0x20 || previous == 0x0A || previous == 0x09 else {
                index += 1
                continue
            }
            // The run of digits and single separators, ending at a digit.
            var end = index + 1, lastDigit = isDigit(byte) ? index : -1
            var groups: [Int] = isDigit(byte) ? [1] : [0]
            while end < bytes.count {
                let next = bytes[end]
                if isDigit(next) {
                    groups[groups.count - 1] += 1
                    lastDigit = end
                } else if separators.contains(next), end + 1 < bytes.count, !(next == 0x20 && bytes[end + 1] == 0x20) {
                    if groups.last != 0 { groups.append(0) }
                } else {
                    break
                }
                end += 1
            }
            groups.removeAll { $0 == 0 }
            let total = groups.reduce(0, +)
            let after = lastDigit + 1 < bytes.count ? bytes[lastDigit + 1] : 0x20
            defer { index = max(index + 1, lastDigit + 1) }
            guard lastDigit >= 0, !isLetter(after), !(after == UInt8(ascii: ".") && lastDigit + 2 < bytes.count && isDigit(bytes[lastDigit + 2])) else { continue }
            let plus = byte == UInt8(ascii: "+")
            let isPhone: Bool
            if plus {
                isPhone = (8...15).contains(total)
            } else {
                let nanp = groups == [3, 3, 4] || groups == [1, 3, 3, 4]
                let national = bytes[index...].first(where: isDigit) == UInt8(ascii: "0") && groups.count >= 2 && (9...12).contains(total)
                    && groups[0] <= 5 && !isDateLike(groups)
                isPhone = nanp || national
            }
            guard isPhone else { continue }
            var last2 = String(decoding: bytes[...lastDigit].filter(isDigit).suffix(2), as: UTF8.self)
            if last2.count < 2 { last2 = "" }
            edits.append(TextEdit(index..<(lastDigit + 1), (plus ? "+…" : "…") + last2))
        }
        return edits
    }

    /// `05.03.2018 18`, `2018-03-05 18`: a date, perhaps with an hour after it.
    static func isDateLike(_ groups: [Int]) -> Bool {
        guard groups.count >= 3 else { return false }
        let first = Array(groups.prefix(3))
        return (first[0] <= 2 && first[1] <= 2 && first[2] == 4) || (first[0] == 4 && first[1] <= 2 && first[2] <= 2)
    }
}
