/// Finds the numbered questions of a session (`Q1: …`) and their answers
/// (`A1: …`, `A1b`, `a1`, `A1-B`, `A1 …`).
enum QuestionFinder {
    static func questions(in messages: [Message], series: String) -> [Question] {
        var byNumber: [Int: Question] = [:]
        for message in messages where message.repeatOfID == nil {
            if let (number, rest) = label(message.text, letter: "q") {
                if byNumber[number]?.messageID == nil {
                    let answers = byNumber[number]?.answerIDs ?? []
                    byNumber[number] = Question(number: number, messageID: message.id,
                                                text: questionText(rest, series: series), answerIDs: answers)
                    continue
                }
                // A second `Q3:` is someone answering Q3 under its label.
                byNumber[number]!.answerIDs.append(message.id)
            } else if let (number, _) = label(message.text, letter: "a") {
                byNumber[number, default: Question(number: number, messageID: nil, text: "", answerIDs: [])]
                    .answerIDs.append(message.id)
            }
        }
        return byNumber.values.sorted { $0.number < $1.number }
    }

    /// `Q12: text` → (12, "text"). The letter must start the text and digits follow it.
    static func label(_ text: String, letter: Character) -> (Int, Substring)? {
        guard let first = text.first, first.lowercased() == String(letter) else { return nil }
        let digits = text.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let number = Int(digits) else { return nil }
        var rest = text.dropFirst(1 + digits.count)
        // Sub-answer suffixes: `A1b:`, `A1-B:`; then the separator.
        if letter == "a", let next = rest.first, next.isLetter, next.isLowercase,
           rest.dropFirst().first.map({ !$0.isLetter }) ?? true {
            rest = rest.dropFirst()
        }
        if rest.hasPrefix("-"), let next = rest.dropFirst().first, next.isLetter, rest.dropFirst(2).first.map({ !$0.isLetter }) ?? true {
            rest = rest.dropFirst(2)
        }
        if let next = rest.first, next.isLetter || next.isNumber {
            // `Quick`, `A1Helps`: only answers may run on without a separator.
            guard letter == "a", next.isUppercase else { return nil }
        }
        return (number, rest.drop { $0 == ":" || $0 == "." || $0 == ")" || $0 == " " })
    }

    /// The question as a reader wants it: no label, no trailing chat hashtag.
    static func questionText(_ text: Substring, series: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: true)
        while let last = words.last, last.lowercased() == "#\(series.lowercased())" { words.removeLast() }
        return words.joined(separator: " ")
    }
}
