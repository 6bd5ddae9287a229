/// Finds the numbered questions of a session and their answers and threads.
///
/// Questions: `Q1:`, `Q1 `, `Q1)`, opened by a moderator (or, in a session without
/// moderators, by whoever writes the label first). Answers: `A1:`, `A1 `, `a1:`,
/// `A1b:`, `A1-B:`, `A1)`, `A1.`, `A1Helps`; a later `Q3:` by someone else answers Q3.
enum QuestionFinder {
    /// `seriesTags`: the chat's own hashtags (lower case, no `#`), trimmed from the end of question texts.
    static func questions(in messages: [Message], seriesTags: Set<String>) -> [Question] {
        let hasModerators = messages.contains(where: \.isModerator)
        var byNumber: [Int: Question] = [:]
        var threadOf: [String: Int] = [:]
        var askedBy: [Int: String] = [:]
        for message in messages {
            guard let label = message.label else { continue }
            let number = label.number
            threadOf[message.id] = number
            if label.kind == .question {
                if byNumber[number]?.messageID == nil, message.isModerator || !hasModerators {
                    var question = byNumber[number] ?? Question(number: number, messageID: nil, text: "")
                    question.messageID = message.id
                    question.text = questionText(message.body, seriesTags: seriesTags)
                    byNumber[number] = question
                    askedBy[number] = message.authorKey ?? ""
                    continue
                }
                // The asker (or another moderator) repeating the question is a reminder, not an answer.
                if byNumber[number]?.messageID != nil, message.isModerator || askedBy[number] == (message.authorKey ?? "") {
                    continue
                }
            }
            // An answer; a later `Q3:` from someone else answers Q3 under its label.
            byNumber[number, default: Question(number: number, messageID: nil, text: "")].answerIDs.append(message.id)
        }
        // Replies to (or quotes of) a question or an answer, and replies to those, form its thread.
        for message in messages where threadOf[message.id] == nil {
            let parents = [message.inReplyToID].compactMap { $0 } + message.quotedIDs
            guard let number = parents.lazy.compactMap({ threadOf[$0] }).first else { continue }
            byNumber[number]!.replyIDs.append(message.id)
            threadOf[message.id] = number
        }
        return byNumber.values.sorted { $0.number < $1.number }
    }

    /// The label at the start of a message's text, if any.
    static func label(_ text: String) -> MessageLabel? {
        guard let first = text.first, let kind = kinds[first] else { return nil }
        let digits = text.dropFirst().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let number = Int(digits), number > 0 else { return nil }
        var rest = text.dropFirst(1 + digits.count)
        if kind == .answer {
            // Sub-answers: `A1b:`, `A1B:`, `A1-B:`; an upper-case part needs its separator,
            // or `A1I think` would lose its `I`.
            let after = rest.dropFirst().first
            if let next = rest.first, next.isLetter, next.isLowercase, after.map({ !$0.isLetter }) ?? true {
                rest = rest.dropFirst()
            } else if let next = rest.first, next.isLetter, next.isUppercase, let after, ":.)".contains(after) {
                rest = rest.dropFirst()
            } else if rest.hasPrefix("-"), let next = rest.dropFirst().first, next.isLetter,
                      rest.dropFirst(2).first.map({ !$0.isLetter }) ?? true {
                rest = rest.dropFirst(2)
            }
        }
        if let next = rest.first, next.isLetter || next.isNumber {
            // Only answers run on without a separator (`A1Helps`), and only into a capital.
            guard kind == .answer, next.isUppercase else { return nil }
        }
        rest = rest.drop { $0 == ":" || $0 == "." || $0 == ")" }
        let raw = String(text[..<rest.startIndex])
        return MessageLabel(kind: kind, number: number, raw: raw)
    }

    /// The question as a reader wants it: no trailing chat hashtag.
    static func questionText(_ body: String, seriesTags: Set<String>) -> String {
        var words = body.split(separator: " ")
        while let last = words.last, last.hasPrefix("#"), seriesTags.contains(last.dropFirst().lowercased()) {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }

    static let kinds: [Character: MessageLabel.Kind] = ["Q": .question, "q": .question, "A": .answer, "a": .answer]
}
