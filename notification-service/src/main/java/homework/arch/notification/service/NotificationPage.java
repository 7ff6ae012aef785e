package homework.arch.notification.service;

import homework.arch.notification.Notification;
import java.util.List;

/** @param nextCursor null on the last page */
public record NotificationPage(List<Notification> items, String nextCursor) {
}
