package jp.jcstar.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** template.yaml and the code must describe the same API: same routes, same handlers, same authorisation. */
class TemplateTest {
    record Fn(String name, String handler, List<String> routes, Set<String> iamRoutes, boolean scheduled) {}

    static List<Fn> functions() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "template.yaml"));
        List<Fn> out = new ArrayList<>();
        Pattern fnStart = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = fnStart.matcher(lines.get(i));
            if (!m.matches() || i + 1 >= lines.size() || !lines.get(i + 1).contains("Type: AWS::Serverless::Function")) continue;
            String handler = null;
            List<String> routes = new ArrayList<>();
            Set<String> iam = new TreeSet<>();
            boolean scheduled = false;
            String method = null;
            int j = i + 2;
            for (; j < lines.size() && (lines.get(j).isBlank() || lines.get(j).startsWith("    ")); j++) {
                String l = lines.get(j).strip();
                if (l.startsWith("Handler:")) handler = l.substring("Handler:".length()).strip();
                if (l.startsWith("Method:")) method = l.substring("Method:".length()).strip();
                if (l.startsWith("Path:")) routes.add(method + " " + l.substring("Path:".length()).strip());
                if (l.equals("Authorizer: AWS_IAM")) iam.add(routes.getLast());
                if (l.startsWith("Type: ScheduleV2") || l.startsWith("Type: Schedule")) scheduled = true;
            }
            out.add(new Fn(m.group(1), handler, routes, iam, scheduled));
        }
        return out;
    }

    @Test
    void everyRouteInTheTemplateIsARouteOfTheCodeAndViceVersa() throws IOException {
        Set<String> template = functions().stream().flatMap(f -> f.routes().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> code = Routes.ALL.stream().map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(code, template);
    }

    @Test
    void operatorRoutesAndOnlyThoseHaveIamAuthorisation() throws IOException {
        Set<String> iam = functions().stream().flatMap(f -> f.iamRoutes().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> operator = Routes.ALL.stream().filter(Route::operator).map(Route::routeKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(operator, iam);
        assertFalse(iam.isEmpty());
    }

    @Test
    void eachRouteIsServedByTheHandlerClassTheCodeRoutesItTo() throws IOException {
        for (Fn f : functions()) {
            for (String rk : f.routes()) {
                Route r = Routes.ALL.stream().filter(x -> x.routeKey().equals(rk)).findFirst().orElseThrow();
                assertEquals(r.handlerClass().getName() + "::handleRequest", f.handler(), rk);
            }
        }
    }

    @Test
    void everyHandlerNamesAnExistingClassThatHandlesTheEventItsTriggerSends() throws Exception {
        List<Fn> fns = functions();
        assertTrue(fns.size() >= 10, "functions found: " + fns.size());
        for (Fn f : fns) {
            String cls = f.handler().substring(0, f.handler().indexOf("::"));
            Class<?> c = Class.forName(cls);
            assertTrue(RequestHandler.class.isAssignableFrom(c), cls + " is not a RequestHandler");
            c.getConstructor(); // Lambda needs a public no-arg constructor
            Type[] args = requestHandlerTypes(c);
            if (f.scheduled()) {
                assertEquals("java.util.Map<java.lang.String, java.lang.Object>", args[0].getTypeName(), cls);
            } else {
                assertEquals(APIGatewayV2HTTPEvent.class, args[0], cls + " must take HTTP API v2 events");
                assertEquals(APIGatewayV2HTTPResponse.class, args[1], cls);
            }
        }
    }

    private static Type[] requestHandlerTypes(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Type t : k.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) return p.getActualTypeArguments();
            }
        }
        fail(c + " does not implement RequestHandler<I, O>");
        return null;
    }
}
