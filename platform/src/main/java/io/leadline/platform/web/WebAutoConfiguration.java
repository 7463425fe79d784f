package io.leadline.platform.web;

import io.leadline.platform.PlatformProperties;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class WebAutoConfiguration {

    @Bean
    FilterRegistrationBean<AdminTokenFilter> leadlineAdminTokenFilter(PlatformProperties properties) {
        if (properties.adminToken() == null || properties.adminToken().isBlank()) {
            LoggerFactory.getLogger(AdminTokenFilter.class)
                    .info("leadline.platform.admin-token is not set: every request under /api/ is refused");
        }
        var registration = new FilterRegistrationBean<>(new AdminTokenFilter(properties.adminToken()));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
