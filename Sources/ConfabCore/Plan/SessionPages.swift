extension PlanContext {
    /// `sessions/<series>-<date>.html`: the summary, a timeline and the transcript,
    /// cut into sections at each question.
    func sessionPage(_ index: Int) -> Page {
        let path = map.sessions[index]
        // The pager names the previous and next session of the series.
        let series = seriesByKey[archive.sessions[index].series]?.sessionIndices ?? [index]
        let position = positionInSeries[index]
        let neighbours = series[max(0, position - 1)...min(series.count - 1, position + 1)]
        return Page(path: path, template: "session", sources: (Array(neighbours), "")) { [self] in sessionView(index, path: path) }
    }

    func sessionView(_ index: Int, path: String) -> SessionPageView {
        let session = archive.sessions[index]
        // A section starts at each question, or at the first answer of one asked outside the transcript.
        let questionOf = Dictionary(session.questions.compactMap { q in (q.messageID ?? q.answerIDs.first).map { ($0, q) } }) { first, _ in first }

        // A thread is shown whole beneath its first message; channel events fold into one
        // line before the message that followed them.
        let indexOf = messageIndex[index]
        let threadOf = Dictionary(session.threads.map { ($0.rootID, $0.replyIDs) }) { first, _ in first }
        let inThread = Set(session.threads.flatMap(\.replyIDs))
        var eventsBefore: [String: [SystemEvent]] = [:], trailing: [SystemEvent] = []
        for event in session.events {
            if let id = event.beforeID { eventsBefore[id, default: []].append(event) } else { trailing.append(event) }
        }
        func view(_ message: Message) -> MessageView {
            let replies = threadOf[message.id].map { ids in
                ids.compactMap { indexOf[$0] }.map { view(session.messages[$0]) }
            }
            var shown = messageView(session: index, message, on: path, thread: replies)
            shown.events = eventsBefore[message.id].flatMap { eventsView($0, on: path) }
            return shown
        }

        var sections = [TranscriptSectionView(question: nil, messages: [])]
        for message in session.messages where !inThread.contains(message.id) {
            if let question = questionOf[message.id] {
                sections.append(TranscriptSectionView(question: QuestionHeadingView(
                    anchorID: "q\(question.number)", title: "Q\(question.number)", text: questionText(question),
                    href: link(path, map.question(session: index, number: question.number)),
                    answers: Wording.plural(question.answerIDs.count, "answer")
                ), messages: []))
            }
            sections[sections.count - 1].messages.append(view(message))
        }
        if sections[0].messages.isEmpty { sections.removeFirst() }

        let seriesSessions = seriesByKey[session.series]?.sessionIndices ?? [index]
        let pager = pager("Sessions of this series", kind: "session", from: path, position: positionInSeries[index],
                          count: seriesSessions.count) { (map.sessions[seriesSessions[$0]], archive.sessions[seriesSessions[$0]].date.longText) }

        return SessionPageView(
            site: site(for: path),
            pageTitle: "\(sessionName(index)) — \(archive.config.title)",
            breadcrumbs: breadcrumbs(path, [(SiteMap.index, "Sessions"), (map.series[session.series] ?? SiteMap.seriesIndex,
                                                                          seriesLink(session.series, from: path).text)]),
            hashtag: session.hashtag, date: session.date.longText, isoDate: session.date.description,
            start: "\(session.start.clockText) \(session.start.zone)",
            counts: "\(Wording.plural(session.messageCount, "message")) · \(peopleText(session)) · "
                + Wording.plural(session.questions.count, "question"),
            series: seriesLink(session.series, from: path),
            summaryHTML: summaries.sessions[index].html,
            recapHref: link(path, map.recap(session: index)),
            chart: Charts.sessionTimeline(session),
            sections: sections,
            events: eventsView(trailing, on: path),
            pager: pager,
            source: session.source.file
        )
    }
}
