extension PlanContext {
    /// `questions/index.html`, the archive's table of contents, and a page per question.
    func questionPages() -> [PageJob] {
        let all = archive.sessions.indices.flatMap { s in archive.sessions[s].questions.map { (session: s, question: $0) } }
        let pages: [PageJob] = all.enumerated().map { position, entry in { [self] in
            let path = map.question(session: entry.session, number: entry.question.number)
            let pager = pager("Questions", kind: "question", from: path, position: position, count: all.count) { i in
                let other = all[i]
                return (map.question(session: other.session, number: other.question.number),
                        "Q\(other.question.number) (\(archive.sessions[other.session].date.longText)) \(questionText(other.question))")
            }
            // The pager names the questions before and after, perhaps of other sessions.
            let around = all[max(0, position - 1)...min(all.count - 1, position + 1)].map(\.session)
            var page = questionPage(entry.session, entry.question, pager: pager)
            page.sources = (Array(Set(around)).sorted(), "")
            return [page]
        } }

        return [{ [self] in [questionsIndex(questions: all.count)] }] + pages
    }

    func questionsIndex(questions: Int) -> Page {
        let path = SiteMap.questionsIndex
        let groups = archive.sessions.indices.reversed().filter { !archive.sessions[$0].questions.isEmpty }.map { s in
            let session = archive.sessions[s]
            return QuestionGroupView(
                session: LinkView(href: link(path, map.sessions[s]), text: session.date.longText),
                series: seriesLink(session.series, from: path).text,
                questions: session.questions.map { question in
                    QuestionRowView(href: link(path, map.question(session: s, number: question.number)),
                                    title: "Q\(question.number)", text: questionText(question),
                                    answers: Wording.plural(question.answerIDs.count, "answer"))
                }
            )
        }
        let answers = archive.sessions.reduce(0) { $0 + $1.answerCount }
        let index = QuestionsIndexView(
            site: site(for: path), pageTitle: "Questions — \(archive.config.title)", breadcrumbs: [],
            totals: "\(Wording.plural(questions, "question")) with \(Wording.plural(answers, "answer")) "
                + "in \(Wording.plural(groups.count, "session"))",
            groups: groups
        )
        return Page(path: path, template: "questions", view: index)
    }

    func questionText(_ question: Question) -> String {
        question.text.isEmpty ? "(asked outside the transcript)" : question.text
    }

    func questionPage(_ s: Int, _ question: Question, pager: PagerView?) -> Page {
        let path = map.question(session: s, number: question.number)
        return Page(path: path, template: "question") { [self] in questionView(s, question, pager: pager, path: path) }
    }

    func questionView(_ s: Int, _ question: Question, pager: PagerView?, path: String) -> QuestionPageView {
        let session = archive.sessions[s]
        func message(_ id: String) -> Message { session.messages[messageIndex[s][id]!] }

        // Each reply hangs under the answer (or the question) its chain of replies and quotes leads to.
        let roots = Set(question.answerIDs + [question.messageID].compactMap { $0 })
        var parentOf: [String: String] = [:]
        var inThread = roots
        for id in question.replyIDs {
            let reply = message(id)
            parentOf[id] = ([reply.inReplyToID].compactMap { $0 } + reply.quotedIDs).first { inThread.contains($0) }
            inThread.insert(id)
        }
        func root(_ id: String) -> String {
            var current = id
            while !roots.contains(current), let parent = parentOf[current] { current = parent }
            return current
        }
        var replies: [String: [MessageView]] = [:]
        for id in question.replyIDs { replies[root(id), default: []].append(messageView(session: s, message(id), on: path)) }

        return QuestionPageView(
            site: site(for: path),
            pageTitle: "Q\(question.number): \(questionText(question)) — \(archive.config.title)",
            breadcrumbs: breadcrumbs(path, [(SiteMap.questionsIndex, "Questions"), (map.sessions[s], sessionName(s))]),
            title: "Q\(question.number)", text: questionText(question),
            session: LinkView(href: link(path, map.sessions[s]), text: sessionName(s)),
            asked: question.messageID.map { messageView(session: s, message($0), on: path) },
            answerCount: Wording.plural(question.answerIDs.count, "answer"),
            answers: question.answerIDs.map { AnswerView(message: messageView(session: s, message($0), on: path), replies: replies[$0] ?? []) },
            questionReplies: question.messageID.flatMap { replies[$0] } ?? [],
            pager: pager
        )
    }
}
