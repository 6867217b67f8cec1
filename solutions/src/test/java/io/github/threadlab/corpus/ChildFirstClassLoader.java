package io.github.threadlab.corpus;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads the course's own classes ({@code io.github.threadlab.*}: the variant, the graded tests, the
 * course-provided classes) from its own folders first, so that the graded tests link against the variant
 * rather than the reference solution, and leaves everything else (the JDK, JUnit, Awaitility, Mockito) and the
 * harness and the corpus runner to the parent, so that there is one copy of each of those.
 */
final class ChildFirstClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    ChildFirstClassLoader(String name, URL[] folders, ClassLoader parent) {
        super(name, folders, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!isCourseClass(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notHere) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static boolean isCourseClass(String name) {
        return name.startsWith("io.github.threadlab.") && !name.startsWith("io.github.threadlab.harness.")
                && !name.startsWith("io.github.threadlab.corpus.");
    }
}
