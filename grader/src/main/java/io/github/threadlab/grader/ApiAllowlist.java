package io.github.threadlab.grader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Refuses every class a submission's compiled code refers to that {@code allowed-apis.txt} does not allow: an API
 * that nobody thought to forbid (jdk.jshell, javax.script, java.lang.management, com.sun.*) is refused for not
 * being listed, with its class and line. The references come from the class files (ASM): owners of the methods
 * and fields used, the types in their descriptors, type instructions and constants, superclasses, interfaces,
 * field and method signatures, annotations, and method references. The compiler's own bootstrap methods (lambdas,
 * string concatenation, records, pattern switches) are plumbing, not uses, and are not checked.
 */
final class ApiAllowlist {

    static final String RESOURCE = "allowed-apis.txt";

    private record Rule(String pattern, boolean allow) {
        boolean matches(String className) {
            if (pattern.endsWith(".**")) {
                return className.startsWith(pattern.substring(0, pattern.length() - 2));
            }
            if (pattern.endsWith(".*")) {
                String pkg = pattern.substring(0, pattern.length() - 2);
                return className.startsWith(pkg + ".") && className.indexOf('.', pkg.length() + 1) < 0;
            }
            return className.equals(pattern) || className.startsWith(pattern + "$");
        }
    }

    private final List<Rule> rules;

    private ApiAllowlist(List<Rule> rules) {
        this.rules = rules;
    }

    /** The grader's own list. */
    static ApiAllowlist standard() {
        try (InputStream in = ApiAllowlist.class.getResourceAsStream(RESOURCE)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static ApiAllowlist parse(String text) {
        List<Rule> rules = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            while ((line = lines.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean deny = line.startsWith("!");
                rules.add(new Rule(deny ? line.substring(1).strip() : line, !deny));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new ApiAllowlist(rules);
    }

    /** Whether code may use {@code className} (binary name with dots, nested classes with '$'). */
    boolean allows(String className) {
        boolean allowed = false;
        for (Rule rule : rules) {
            if (rule.matches(className)) {
                if (!rule.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** Every use of a class the list does not allow, in the class files under {@code classes}, once per line. */
    List<Finding> check(Path classes) throws IOException {
        List<Finding> findings = new ArrayList<>();
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path file : all.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                findings.addAll(check(Files.readAllBytes(file)));
            }
        }
        return findings;
    }

    private List<Finding> check(byte[] classFile) {
        Set<String> seen = new LinkedHashSet<>();
        List<Finding> findings = new ArrayList<>();
        ClassReader reader = new ClassReader(classFile);
        String className = reader.getClassName().replace('/', '.');
        String[] source = {null};
        class Uses {
            void type(Type t, int line) {
                switch (t.getSort()) {
                    case Type.ARRAY -> type(t.getElementType(), line);
                    case Type.OBJECT -> internalName(t.getInternalName(), line);
                    case Type.METHOD -> {
                        type(t.getReturnType(), line);
                        for (Type a : t.getArgumentTypes()) {
                            type(a, line);
                        }
                    }
                    default -> {
                        // primitive
                    }
                }
            }

            void internalName(String name, int line) {
                if (name == null || name.startsWith("[")) {
                    if (name != null) {
                        type(Type.getType(name), line);
                    }
                    return;
                }
                String used = name.replace('/', '.');
                if (allows(used)) {
                    return;
                }
                String where = className + " (" + (source[0] == null ? "?" : source[0])
                        + (line > 0 ? ":" + line : "") + ")";
                if (seen.add(where + used)) {
                    findings.add(new Finding(Finding.FORBIDDEN, where, used + " is not among the APIs a solution may "
                            + "use (" + RESOURCE + ")"));
                }
            }

            void descriptor(String descriptor, int line) {
                if (descriptor != null) {
                    type(Type.getType(descriptor), line);
                }
            }

            void constant(Object value, int line) {
                if (value instanceof Type t) {
                    type(t, line);
                } else if (value instanceof Handle h) {
                    internalName(h.getOwner(), line);
                    descriptor(h.getDesc(), line);
                }
            }
        }
        Uses uses = new Uses();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitSource(String file, String debug) {
                source[0] = file;
            }

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                uses.internalName(superName, 0);
                for (String i : interfaces == null ? new String[0] : interfaces) {
                    uses.internalName(i, 0);
                }
            }

            @Override
            public org.objectweb.asm.AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                uses.descriptor(descriptor, 0);
                return null;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                    Object value) {
                uses.descriptor(descriptor, 0);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    uses.descriptor(descriptor, 0); // no code, no line
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    private int line;
                    private final List<Runnable> beforeFirstLine = new ArrayList<>();

                    private void at(Runnable check) {
                        if (line == 0) {
                            beforeFirstLine.add(check);
                        } else {
                            check.run();
                        }
                    }

                    @Override
                    public void visitCode() {
                        // the signature's types are reported at the method's first line, once it is known
                        at(() -> uses.descriptor(descriptor, line));
                        for (String e : exceptions == null ? new String[0] : exceptions) {
                            at(() -> uses.internalName(e, line));
                        }
                    }

                    @Override
                    public void visitLineNumber(int number, Label start) {
                        line = number;
                        beforeFirstLine.forEach(Runnable::run);
                        beforeFirstLine.clear();
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        at(() -> uses.internalName(type, line));
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                        at(() -> {
                            uses.internalName(owner, line);
                            uses.descriptor(fieldDescriptor, line);
                        });
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor,
                            boolean isInterface) {
                        at(() -> {
                            uses.internalName(owner, line);
                            uses.descriptor(methodDescriptor, line);
                        });
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                            Object... arguments) {
                        // The bootstrap is the compiler's; the call site's types and the implementation method (a
                        // method reference such as Runtime::halt) are the code's.
                        at(() -> {
                            uses.descriptor(indyDescriptor, line);
                            for (Object a : arguments) {
                                uses.constant(a, line);
                            }
                        });
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        at(() -> uses.constant(value, line));
                    }

                    @Override
                    public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                        at(() -> uses.descriptor(arrayDescriptor, line));
                    }

                    @Override
                    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                        at(() -> uses.internalName(type, line));
                    }

                    @Override
                    public void visitEnd() {
                        int where = line;
                        beforeFirstLine.forEach(Runnable::run);
                        line = where;
                    }
                };
            }
        }, 0);
        return findings;
    }
}
