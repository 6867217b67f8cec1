package io.github.threadlab.grader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Whether the course's tests, compiled once against the stubs, will link with a submission's classes, read from the
 * class files before any build: every method, constructor and field of the submission's classes that a test uses
 * must be declared there, or in a superclass or interface among them, with the same name and descriptor.
 *
 * <p>Guaranteed: a member reported missing is missing, and the tests as compiled would fail on it with a
 * {@link LinkageError}; so such a submission is built with the tests compiled against it from the start, rather than
 * after a build wasted on the error. Not guaranteed: that a submission reported to link does link (a member inherited
 * from a class outside the submission is taken on trust): the build's own linkage errors stay the last word
 * ({@link LinkageErrors}).
 */
final class TestLinkage {

    /** What the course's tests use, read once for a whole batch. */
    private final List<Use> uses;

    private TestLinkage(List<Use> uses) {
        this.uses = uses;
    }

    /** The members that the compiled tests in {@code testClasses} use. */
    static TestLinkage of(Path testClasses) {
        List<Use> uses = new ArrayList<>();
        for (Path file : classFiles(testClasses)) {
            uses.addAll(uses(file));
        }
        return new TestLinkage(List.copyOf(uses));
    }

    /**
     * The first member of the submission's classes that the tests use and that the submission does not declare, as
     * {@code owner.name descriptor}; empty when none is missing.
     *
     * @param submissionClasses the submission's own classes, compiled on their own (see {@link SourceScan})
     */
    Optional<String> firstMissing(Path submissionClasses) {
        Map<String, Declared> submission = new HashMap<>();
        for (Path file : classFiles(submissionClasses)) {
            Declared declared = Declared.of(file);
            submission.put(declared.name, declared);
        }
        return uses.stream()
                .filter(use -> submission.containsKey(use.owner())
                        && !resolves(submission, use.owner(), use.name() + use.descriptor()))
                .map(use -> use.owner().replace('/', '.') + "." + use.name() + " " + use.descriptor())
                .findFirst();
    }

    /** A member a test's code uses: its owner class (internal name), name and descriptor. */
    private record Use(String owner, String name, String descriptor) {
    }

    /** Whether {@code member} (name and descriptor) is declared by {@code owner} or a supertype, as far as known. */
    private static boolean resolves(Map<String, Declared> submission, String owner, String member) {
        List<String> todo = new ArrayList<>(List.of(owner));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.remove(todo.size() - 1);
            if (!seen.add(name)) {
                continue;
            }
            Declared declared = submission.containsKey(name) ? submission.get(name) : jdkClass(name).orElse(null);
            if (declared == null) {
                return true; // a supertype of the course's, outside the submission: taken on trust
            }
            if (declared.members.contains(member)) {
                return true;
            }
            if (declared.superName != null) {
                todo.add(declared.superName);
            }
            todo.addAll(declared.interfaces);
        }
        return false;
    }

    /** A class of the JDK (java.lang.Object, Record, Enum...) as this JVM has it; empty for any other class. */
    private static Optional<Declared> jdkClass(String name) {
        if (!name.startsWith("java/")) {
            return Optional.empty();
        }
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
            return in == null ? Optional.empty() : Optional.of(Declared.of(new ClassReader(in)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A class's name, supertypes and members ({@code name + descriptor}). */
    private record Declared(String name, String superName, List<String> interfaces, Set<String> members) {

        static Declared of(Path classFile) {
            return of(reader(classFile));
        }

        static Declared of(ClassReader reader) {
            Set<String> members = new HashSet<>();
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                        Object value) {
                    members.add(name + descriptor);
                    return null;
                }

                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    members.add(name + descriptor);
                    return null;
                }
            }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return new Declared(reader.getClassName(), reader.getSuperName(), List.of(reader.getInterfaces()),
                    members);
        }
    }

    /** Every member a class's code uses, method references included. */
    private static List<Use> uses(Path classFile) {
        List<Use> uses = new ArrayList<>();
        reader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String member, String desc,
                            boolean isInterface) {
                        uses.add(new Use(owner, member, desc));
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String member, String desc) {
                        uses.add(new Use(owner, member, desc));
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String member, String desc, Handle bootstrap,
                            Object... arguments) {
                        for (Object argument : arguments) {
                            if (argument instanceof Handle handle) { // SleepTasks::runOnVirtualThreads and the like
                                uses.add(new Use(handle.getOwner(), handle.getName(), handle.getDesc()));
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return uses;
    }

    private static ClassReader reader(Path classFile) {
        try (InputStream in = Files.newInputStream(classFile)) {
            return new ClassReader(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> classFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".class")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
