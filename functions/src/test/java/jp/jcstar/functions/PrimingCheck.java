package jp.jcstar.functions;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import jp.jcstar.aws.AwsClients;

/**
 * The function process of {@code PrimingMotoTest}: on the environment a function gets in AWS (here
 * pointed at moto), builds each handler class named on the command line with its Lambda constructor,
 * then runs every priming hook those constructors registered, as SnapStart does before the snapshot.
 * Prints {@code registered NAME} per hook, {@code ok|FAIL NAME: step} per request, and the table's items
 * and the bucket's objects before and after priming as {@code table-unchanged true|false} and
 * {@code bucket-unchanged true|false}.
 */
public final class PrimingCheck {
    private PrimingCheck() {}

    public static void main(String[] handlerClasses) throws Exception {
        for (String c : handlerClasses) Class.forName(c).getConstructor().newInstance();
        for (Priming p : Priming.registered()) System.out.println("registered " + p.function());
        AwsClients aws = AwsClients.fromEnvironment();
        String table = System.getenv("TABLE_NAME");
        String bucket = System.getenv("BUCKET_NAME");
        List<String> tableBefore = items(aws, table);
        List<String> bucketBefore = objects(aws, bucket);
        for (Priming p : Priming.registered()) {
            for (Priming.Outcome o : p.run()) {
                System.out.println((o.ok() ? "ok " : "FAIL ") + p.function() + ": "
                        + o.step().what() + (o.ok() ? "" : " -> " + o.response() + " " + o.failure()));
            }
        }
        List<String> tableAfter = items(aws, table);
        List<String> bucketAfter = objects(aws, bucket);
        System.out.println("table-items " + tableBefore.size());
        System.out.println("table-unchanged " + tableBefore.equals(tableAfter));
        System.out.println("bucket-objects " + bucketBefore.size());
        System.out.println("bucket-unchanged " + bucketBefore.equals(bucketAfter));
        if (!bucketBefore.equals(bucketAfter))
            System.out.println("bucket before " + bucketBefore + "\nbucket after " + bucketAfter);
    }

    private static List<String> items(AwsClients aws, String table) {
        TreeSet<String> out = new TreeSet<>();
        aws.dynamo()
                .scanPaginator(b -> b.tableName(table).consistentRead(true))
                .items()
                .forEach(i -> out.add(new java.util.TreeMap<>(i).toString()));
        return new ArrayList<>(out);
    }

    private static List<String> objects(AwsClients aws, String bucket) {
        List<String> out = new ArrayList<>();
        aws.s3()
                .listObjectsV2Paginator(b -> b.bucket(bucket))
                .contents()
                .forEach(o -> out.add(o.key() + " " + o.eTag() + " " + o.size() + " " + o.lastModified()));
        return out;
    }
}
