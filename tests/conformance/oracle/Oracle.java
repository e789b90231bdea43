import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.internals.AbstractStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import java.util.*;
/** Kafka's eager StickyAssignor, reading a member's previous assignment as StickyAssignor does:
 * from user data written by serializeTopicPartitionAssignment, i.e. grouped by topic with
 * CollectionUtils.groupPartitionsByTopic (a HashMap<String, List<Integer>>). */
public class Oracle extends AbstractStickyAssignor {
  final Map<String, MemberData> data = new HashMap<>();
  public String name() { return "sticky"; }
  protected MemberData memberData(Subscription s) { return data.get(s.userData() == null ? null : new String(s.userData().array())); }
  static List<TopicPartition> grouped(List<TopicPartition> ps) {
    Map<String, List<Integer>> byTopic = new HashMap<>();
    for (TopicPartition tp : ps) byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
    List<TopicPartition> out = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) for (Integer p : e.getValue()) out.add(new TopicPartition(e.getKey(), p));
    return out;
  }
  /** Puts one member read from stdin into the assignor and the subscriptions. */
  interface Member<A> { void add(A assignor, Map<String, Subscription> subs, String id, int gen, List<String> topics, List<TopicPartition> owned); }

  /** Reads cases from stdin and prints each answer, members in input order, then G (general
   * path) or C (constrained). Lines: "topics t1:3 t2:2", then "m <id> <generation>
   * <topicA,topicB> <owned tp,tp|->" per member, then "end". */
  static <A extends AbstractStickyAssignor> void run(java.util.function.Supplier<A> make, Member<A> member) {
    Scanner in = new Scanner(System.in);
    Map<String, Integer> topics = new HashMap<>();
    Map<String, Subscription> subs = new HashMap<>();
    A o = make.get();
    List<String> order = new ArrayList<>();
    while (in.hasNextLine()) {
      String line = in.nextLine().trim(); if (line.isEmpty()) continue;
      String[] w = line.split(" ");
      if (w[0].equals("end")) {
        Map<String, List<TopicPartition>> r = o.assign(topics, subs);
        StringBuilder sb = new StringBuilder();
        for (String id : order) sb.append(id).append("=").append(r.get(id)).append(";");
        System.out.println(sb.append(o.partitionsTransferringOwnership() == null ? "G" : "C"));
        topics = new HashMap<>(); subs = new HashMap<>(); o = make.get(); order = new ArrayList<>();
        continue;
      }
      if (w[0].equals("topics")) { for (int i = 1; i < w.length; i++) { String[] kv = w[i].split(":"); topics.put(kv[0], Integer.parseInt(kv[1])); } continue; }
      List<TopicPartition> owned = new ArrayList<>();
      if (!w[4].equals("-")) for (String tp : w[4].split(",")) { int k = tp.lastIndexOf('-'); owned.add(new TopicPartition(tp.substring(0, k), Integer.parseInt(tp.substring(k + 1)))); }
      member.add(o, subs, w[1], Integer.parseInt(w[2]), Arrays.asList(w[3].split(",")), owned);
      order.add(w[1]);
    }
  }

  public static void main(String[] args) {
    run(Oracle::new, (o, subs, id, gen, ts, owned) -> {
      o.data.put(id, new MemberData(grouped(owned), gen < 0 ? Optional.empty() : Optional.of(gen)));
      subs.put(id, new Subscription(ts, java.nio.ByteBuffer.wrap(id.getBytes())));
    });
  }
}
