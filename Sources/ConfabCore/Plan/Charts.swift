/// Small charts drawn as inline SVG at build time: no script, readable offline,
/// coloured by the style sheet (so dark mode applies), each with a text alternative.
enum Charts {
    static let width = 600
    static let height = 96

    /// Messages per minute of a session, with a marker at each question.
    static func sessionTimeline(_ session: Session) -> ChartView? {
        let timed = session.messages.filter(\.timeIsWritten)
        guard let first = timed.map(\.instant).min(), let last = timed.map(\.instant).max(), last > first else { return nil }
        let minutes = Int(last.timeIntervalSince(first) / 60) + 1
        guard minutes <= 24 * 60 else { return nil }
        var counts = Array(repeating: 0, count: minutes)
        for message in timed { counts[Int(message.instant.timeIntervalSince(first) / 60)] += 1 }
        let peak = counts.max() ?? 1
        let barWidth = Double(width) / Double(minutes)
        let plotHeight = Double(height - 18)

        var shapes = ""
        for (minute, count) in counts.enumerated() where count > 0 {
            let h = plotHeight * Double(count) / Double(peak)
            shapes += "<rect class=\"bar\" x=\"\(fmt(Double(minute) * barWidth))\" y=\"\(fmt(plotHeight - h + 14))\" "
                + "width=\"\(fmt(max(barWidth - 1, 1)))\" height=\"\(fmt(h))\"/>"
        }
        var marks: [String] = []
        for question in session.questions {
            guard let id = question.messageID, let message = timed.first(where: { $0.id == id }) else { continue }
            let x = (Double(message.instant.timeIntervalSince(first) / 60) + 0.5) * barWidth
            shapes += "<line class=\"marker\" x1=\"\(fmt(x))\" y1=\"14\" x2=\"\(fmt(x))\" y2=\"\(height - 4)\"/>"
                + "<text class=\"marker-label\" x=\"\(fmt(x + 2))\" y=\"12\">Q\(question.number)</text>"
            marks.append("Q\(question.number) at \(message.time.clockText)")
        }
        let busiest = counts.firstIndex(of: peak)!
        let busiestTime = LocalTime(minutes: (timed.first!.time.minutes + busiest) % 1440, zone: timed.first!.time.zone)
        let description = "Messages per minute from \(timed.first!.time.clockText) to \(timed.last!.time.clockText): "
            + "busiest at \(busiestTime.clockText) with \(Wording.plural(peak, "message"))"
            + (marks.isEmpty ? "." : "; questions: \(marks.joined(separator: ", ")).")
        return chart(id: "timeline", title: "Messages per minute", description: description, shapes: shapes, width: width)
    }

    /// One cell per session of the archive (or per group of sessions in a long archive),
    /// darker for more messages. Only active cells are drawn, over one background bar.
    static func activityStrip(_ counts: [Int: Int], sessions: Int, labels: [String], handle: String) -> ChartView? {
        guard sessions > 1, let peak = counts.values.max(), peak > 0 else { return nil }
        let size = (sessions + 119) / 120
        let cellCount = (sessions + size - 1) / size
        var cells: [Int: Int] = [:]
        for (session, count) in counts { cells[session / size, default: 0] += count }
        let top = cells.values.max()!
        let cell = min(24, Double(width) / Double(cellCount))
        let stripWidth = Int((cell * Double(cellCount)).rounded(.up))
        var shapes = "<rect class=\"cell empty\" x=\"0\" y=\"8\" width=\"\(stripWidth)\" height=\"28\"/>"
        for (i, count) in cells.sorted(by: { $0.key < $1.key }) {
            let first = i * size, last = min(first + size, sessions) - 1
            let label = first == last ? labels[first] : "\(labels[first]) – \(labels[last])"
            let level = 1 + (3 * count) / (top + 1)
            shapes += "<rect class=\"cell level\(level)\" x=\"\(fmt(Double(i) * cell))\" y=\"8\" width=\"\(fmt(max(cell - 1, 1)))\" "
                + "height=\"28\"><title>\(HTML.escape(label)): \(Wording.plural(count, "message"))</title></rect>"
        }
        let description = "\(handle) wrote in \(counts.count) of \(Wording.plural(sessions, "session")), at most \(Wording.plural(peak, "message")) in one."
        return chart(id: "activity", title: "Activity across sessions", description: description, shapes: shapes,
                     width: stripWidth, height: 44)
    }

    /// Messages per month across the archive.
    static func sessionsOverTime(_ sessions: [Session]) -> ChartView? {
        guard let first = sessions.first?.date, let last = sessions.last?.date, sessions.count > 1 else { return nil }
        let months = (last.year - first.year) * 12 + last.month - first.month + 1
        var counts = Array(repeating: 0, count: months)
        var sessionCounts = Array(repeating: 0, count: months)
        for session in sessions {
            let month = (session.date.year - first.year) * 12 + session.date.month - first.month
            counts[month] += session.messageCount
            sessionCounts[month] += 1
        }
        let labels = (0..<months).map { m in
            "\(LocalDate.monthNames[(first.month - 1 + m) % 12]) \(first.year + (first.month - 1 + m) / 12)"
        }
        let buckets = bucketed(counts, labels: labels, limit: 240)
        let peak = max(buckets.map(\.count).max() ?? 1, 1)
        let barWidth = Double(width) / Double(buckets.count)
        let plotHeight = Double(height - 8)
        var shapes = ""
        for (i, bucket) in buckets.enumerated() where bucket.count > 0 {
            let h = max(plotHeight * Double(bucket.count) / Double(peak), 2)
            shapes += "<rect class=\"bar\" x=\"\(fmt(Double(i) * barWidth))\" y=\"\(fmt(plotHeight - h + 4))\" "
                + "width=\"\(fmt(max(barWidth - 1, 1)))\" height=\"\(fmt(h))\"><title>\(HTML.escape(bucket.label)): "
                + "\(Wording.plural(bucket.count, "message"))</title></rect>"
        }
        let description = "\(Wording.plural(sessions.count, "session")) from \(labels.first!) to \(labels.last!); "
            + "the busiest month had \(Wording.plural(counts.max()!, "message"))."
        return chart(id: "over-time", title: "Messages per month, \(labels.first!) – \(labels.last!)",
                     description: description, shapes: shapes, width: width)
    }

    /// Merges neighbours so at most `limit` bars are drawn, however long the archive.
    static func bucketed(_ counts: [Int], labels: [String], limit: Int) -> [(label: String, count: Int)] {
        let size = (counts.count + limit - 1) / limit
        return stride(from: 0, to: counts.count, by: size).map { start in
            let end = min(start + size, counts.count)
            let label = end - start == 1 ? labels[start] : "\(labels[start]) – \(labels[end - 1])"
            return (label, counts[start..<end].reduce(0, +))
        }
    }

    /// The SVG scales down with the column and keeps its proportions, so labels stay legible.
    static func chart(id: String, title: String, description: String, shapes: String, width: Int, height: Int = Charts.height) -> ChartView {
        ChartView(caption: title, svg: "<svg class=\"chart\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
            + "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
            + "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
            + shapes + "</svg>")
    }

    /// Coordinates with at most one decimal, the same on every machine.
    static func fmt(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
