package io.homeostat.core.queue;

import io.homeostat.core.Request;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference model: a plain list, scanned in full at every pop for the highest effective priority
 * computed exactly (BigDecimal) at the time of the pop. Ties: earlier arrival, then lower seq.
 */
final class NaiveQueue {
    record Item(Request<Void> request, long seq) {
    }

    private final List<Item> items = new ArrayList<>();
    private final BigDecimal alpha;
    private long nextSeq = 1;

    NaiveQueue(double alpha) {
        this.alpha = new BigDecimal(alpha);
    }

    long offer(Request<Void> r) {
        items.add(new Item(r, nextSeq));
        return nextSeq++;
    }

    int size() {
        return items.size();
    }

    BigDecimal peff(Item it, long nowNs) {
        BigDecimal wait = new BigDecimal(nowNs - it.request.arrivalNs()).divide(new BigDecimal(1_000_000_000L), MathContext.DECIMAL128);
        return new BigDecimal(it.request.bid()).add(alpha.multiply(wait));
    }

    private int compare(Item a, Item b, long now) { // > 0 when a is served before b
        int c = peff(a, now).compareTo(peff(b, now));
        if (c != 0) {
            return c;
        }
        c = Long.compare(b.request.arrivalNs(), a.request.arrivalNs());
        return c != 0 ? c : Long.compare(b.seq, a.seq);
    }

    Item poll(long now) {
        if (items.isEmpty()) {
            return null;
        }
        Item best = items.get(0);
        for (Item it : items) {
            if (compare(it, best, now) > 0) {
                best = it;
            }
        }
        items.remove(best);
        return best;
    }

    Item worst(long now) {
        Item worst = items.get(0);
        for (Item it : items) {
            if (compare(it, worst, now) < 0) {
                worst = it;
            }
        }
        return worst;
    }

    void remove(long seq) {
        items.removeIf(it -> it.seq == seq);
    }

    List<Item> expire(long now) {
        List<Item> out = new ArrayList<>();
        for (Item it : items) {
            if (it.request.deadlineNs() <= now) {
                out.add(it);
            }
        }
        out.sort((a, b) -> a.request.deadlineNs() != b.request.deadlineNs()
            ? Long.compare(a.request.deadlineNs(), b.request.deadlineNs()) : Long.compare(a.seq, b.seq));
        items.removeAll(out);
        return out;
    }

    long oldestArrival() {
        return items.stream().mapToLong(i -> i.request.arrivalNs()).min().orElse(Long.MAX_VALUE);
    }

    long tokens() {
        return items.stream().mapToLong(i -> i.request.tokens()).sum();
    }
}
