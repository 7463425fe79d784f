package io.leadline.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Puts {@code leadline-platform-defaults.yml} beneath everything else: a service's {@code application.yml}, the
 * environment, and even the application's programmatic defaults ({@code SpringApplication#setDefaultProperties},
 * which the local stack uses) override any of them.
 */
public class PlatformDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "leadline-platform-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> merged = new LinkedHashMap<>();
        platformDefaults().forEach(source -> copy(source, merged));
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> applicationDefaults = sources.get(DefaultPropertiesPropertySource.NAME);
        if (applicationDefaults != null) {
            copy(applicationDefaults, merged);
            sources.replace(DefaultPropertiesPropertySource.NAME, new DefaultPropertiesPropertySource(merged));
        } else {
            sources.addLast(new DefaultPropertiesPropertySource(merged));
        }
    }

    private static Iterable<PropertySource<?>> platformDefaults() {
        try {
            return new YamlPropertySourceLoader().load("leadlinePlatformDefaults",
                    new ClassPathResource(RESOURCE, PlatformDefaults.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static void copy(PropertySource<?> source, Map<String, Object> target) {
        if (source instanceof EnumerablePropertySource<?> enumerable) {
            for (String name : enumerable.getPropertyNames()) {
                target.put(name, enumerable.getProperty(name));
            }
        }
    }
}
